/* global self */
// The notifications plugin's service worker: shows each web push as a notification and opens the
// office page it points at when clicked. Registered by the office bundle from this folder
// (/office/plugins/notifications/<version>/push-worker.js).
self.addEventListener('push', (event) => {
  let message = { title: 'KiTS', body: '', url: '/office/notifications' };
  try {
    message = { ...message, ...(event.data ? event.data.json() : {}) };
  } catch {
    message.body = event.data ? event.data.text() : '';
  }
  event.waitUntil(self.registration.showNotification(message.title, { body: message.body, tag: message.id, data: { url: message.url } }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url;
  if (url) event.waitUntil(self.clients.openWindow(url));
});
