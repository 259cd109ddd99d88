import type { OfficeToasts } from '@kits/plugin-sdk/office';
import { KitProvider, ProblemNotice, Spinner, ToastHost, useToasts } from '@kits/ui-kit';
import { useEffect, useMemo, useState } from 'preact/hooks';
import kernelPages from './kernel-pages/index.ts';
import { officeOutlet } from './plugins/contribution-box.tsx';
import { KERNEL_PAGES } from './plugins/office-contributions.ts';
import { activateOfficePlugins, type OfficePlugins } from './plugins/office-plugin-host.ts';
import { watchPluginsChanged } from './plugins/plugins-changed.ts';
import { officeApi } from './session/office-api.ts';
import { OfficeAuth } from './session/office-auth.ts';
import { loadPerson, type OfficePerson } from './session/office-person.ts';
import { Dashboard } from './shell/dashboard.tsx';
import { LocationChoice } from './shell/location-choice.ts';
import { navigationOf } from './shell/navigation.ts';
import { OfficeFrame } from './shell/office-frame.tsx';
import { navigate, useLinkInterception, useOfficeLocation } from './shell/office-router.ts';
import { PageView } from './shell/page-view.tsx';
import { SignIn } from './shell/sign-in.tsx';
import { useTheme, type ThemeChoice } from './shell/theme.ts';

interface Started {
  readonly person: OfficePerson;
  readonly plugins: OfficePlugins;
  readonly location: LocationChoice;
}

const locale = navigator.language || 'en-GB';

/** Gives plugins the kit's toasts: `context.toasts.show(…)` works outside components too. */
function ToastBridge({ bridge }: { bridge: { show?: OfficeToasts['show'] } }) {
  const toasts = useToasts();
  bridge.show = toasts.show;
  return null;
}

/** Signs in, loads the person and the plugins' office sides, and draws the frame around the page asked for. */
function SignedInOffice({
  auth,
  onSignOut,
  theme,
  onTheme,
}: {
  auth: OfficeAuth;
  onSignOut: () => void;
  theme: ThemeChoice;
  onTheme: (choice: ThemeChoice) => void;
}) {
  const api = useMemo(() => officeApi(auth), [auth]);
  const [started, setStarted] = useState<Started>();
  const [failure, setFailure] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const { path, query } = useOfficeLocation();
  const bridge = useMemo<{ show?: OfficeToasts['show'] }>(() => ({}), []);
  // A plugin enabled, disabled or set up here: its pages load again (the page on screen stays until they have).
  useEffect(() => watchPluginsChanged(() => setAttempt((n) => n + 1)), []);

  useEffect(() => {
    let closed = false;
    setFailure(undefined);
    void (async () => {
      const person = await loadPerson(api, locale);
      const location = new LocationChoice(person.locations, `kits-office-location:${person.tenantId}`);
      const [listing] = await Promise.all([api.get<{ items: [] }>('/api/v1/office/plugins')]);
      const plugins = await activateOfficePlugins(
        { listing: { id: KERNEL_PAGES, version: '1', displayName: 'KiTS', entry: '', settings: {} }, plugin: kernelPages },
        listing.items,
        {
          api,
          session: person,
          location,
          toasts: { show: (message, tone) => bridge.show?.(message, tone) },
          navigate,
          outlet: officeOutlet((permission) => person.may(permission)),
        },
        (url) => import(/* @vite-ignore */ url) as Promise<{ default?: unknown }>,
      );
      if (!closed) setStarted({ person, plugins, location });
    })().catch((error: unknown) => {
      if (!closed) setFailure(error);
    });
    return () => {
      closed = true;
    };
  }, [api, attempt]);

  const sections = useMemo(
    () => (started ? navigationOf(started.plugins.contributions, (permission) => started.person.may(permission)) : []),
    [started],
  );

  if (failure)
    return (
      <main class="office-starting">
        <ProblemNotice error={failure} what="Opening the back office" onRetry={() => setAttempt((n) => n + 1)} />
      </main>
    );
  if (!started)
    return (
      <main class="office-starting">
        <Spinner label="Opening the back office…" />
      </main>
    );
  const { person, plugins, location } = started;
  const may = (permission: string) => person.may(permission);
  return (
    <KitProvider locale={person.locale}>
      <ToastBridge bridge={bridge} />
      <OfficeFrame
        person={person}
        contributions={plugins.contributions}
        sections={sections}
        path={path}
        location={location}
        failed={plugins.failed}
        theme={theme}
        onTheme={onTheme}
        onSignOut={onSignOut}
      >
        {path === '/' ? (
          <Dashboard
            contributions={plugins.contributions}
            may={may}
            location={location}
            greeting={`Good to see you, ${person.name.split(' ')[0]}`}
          />
        ) : (
          <PageView contributions={plugins.contributions} path={path} query={query} may={may} />
        )}
      </OfficeFrame>
      <ToastHost />
    </KitProvider>
  );
}

/** The back office: the sign-in until someone is signed in, then their office. */
export function OfficeApp() {
  const auth = useMemo(() => new OfficeAuth(), []);
  const [signedIn, setSignedIn] = useState(auth.signedIn);
  useLinkInterception();
  const [theme, setTheme] = useTheme();
  useEffect(() => auth.onSignedOut(() => setSignedIn(false)), [auth]);
  if (!signedIn) return <SignIn auth={auth} onSignedIn={() => setSignedIn(true)} />;
  return (
    <SignedInOffice
      auth={auth}
      theme={theme}
      onTheme={setTheme}
      onSignOut={() => {
        void auth.signOut();
        setSignedIn(false);
      }}
    />
  );
}
