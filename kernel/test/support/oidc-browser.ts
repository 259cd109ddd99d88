/**
 * What a browser does at an identity provider, for API tests of single sign-on: follows its
 * redirects with its cookies, fills its login form with an e-mail, and stops at the redirect back
 * to the kernel's callback (which the test then sends to the kernel).
 */
export async function throughProvider(authorizeUrl: string, email: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = authorizeUrl;
  let form: string | undefined;
  for (let hop = 0; hop < 12; hop += 1) {
    const response = await fetch(url, {
      method: form === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form === undefined ? {} : { body: form }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';', 1)[0]!;
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location')!, url);
      if (next.pathname.endsWith('/sso/callback')) return next;
      url = next.href;
      form = undefined;
      continue;
    }
    const page = await response.text();
    if (response.status === 200 && /\/interaction\//.test(new URL(url).pathname) && form === undefined) {
      form = new URLSearchParams({ login: email }).toString();
      continue;
    }
    throw new Error(`The provider did not send ${email} back (${response.status} at ${url}): ${page.replace(/<[^>]+>/g, ' ').trim()}`);
  }
  throw new Error('The provider redirected too many times.');
}
