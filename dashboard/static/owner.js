// A little progressive enhancement: everything works without it.
// A filter list changes the page as soon as something is picked; dangerous buttons ask first.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("form.filters select")) field.form.requestSubmit();
});
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.classList.contains("danger") && !window.confirm(button.textContent.trim() + "?")) {
    event.preventDefault();
  }
});

// The owner's alerts as this browser's notifications while a dashboard page is open, once the
// owner turned them on here (Settings: "Notify me in this browser"). Each page asks the
// dashboard for alerts newer than the last one seen (kept in this browser, so moving between
// pages loses none) every half minute; a notification opens the call's page.
const ALERTS_EVERY_MS = 30000;
const NOTIFY_KEY = "owner-notify";
const SEEN_KEY = "owner-alerts-seen";

function notificationsOn() {
  return "Notification" in window && Notification.permission === "granted"
    && window.localStorage.getItem(NOTIFY_KEY) === "on";
}

async function checkAlerts(source) {
  if (!notificationsOn()) return;
  const seen = window.localStorage.getItem(SEEN_KEY);
  const url = seen === null ? source : source + "?after=" + encodeURIComponent(seen);
  try {
    const response = await fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}});
    if (!response.ok || !response.headers.get("Content-Type").startsWith("application/json")) return;
    const news = await response.json();
    // Another check (this page's next one, while this one waited on a slow connection, or
    // another open page's) may have asked after the same last-seen alert and been answered
    // first: the alerts it showed are not news again, and what it saw stays seen.
    const seenSince = window.localStorage.getItem(SEEN_KEY);
    const shownSince = seenSince === seen ? -1 : Number(seenSince);
    for (const alert of news.alerts.filter((alert) => alert.id > shownSince)) {
      // The tag keeps two open pages from showing one alert twice.
      const shown = new Notification(alert.title, {body: alert.body, tag: "alert-" + alert.id});
      shown.addEventListener("click", () => { window.focus(); window.location.assign(alert.url); });
    }
    window.localStorage.setItem(SEEN_KEY, String(Math.max(news.latest, shownSince)));
  } catch (error) {
    // Offline for a moment, or logged out: the next check catches up.
  }
}

function watchAlerts() {
  const source = document.body.dataset.alerts;
  if (!source || !notificationsOn() || window.ownerAlertsWatched) return;
  window.ownerAlertsWatched = true;
  checkAlerts(source);
  window.setInterval(() => checkAlerts(source), ALERTS_EVERY_MS);
}

function showNotifyState(button, state) {
  if (!("Notification" in window)) {
    state.textContent = "This browser cannot show notifications.";
    button.hidden = true;
  } else if (!window.isSecureContext) {
    state.textContent = "Notifications need the dashboard over https (your public address).";
    button.hidden = true;
  } else if (Notification.permission === "denied") {
    state.textContent = "This browser blocks notifications from the dashboard: allow them in its site settings.";
    button.hidden = true;
  } else if (notificationsOn()) {
    state.textContent = "On: new alerts show as notifications while a dashboard page is open.";
    button.textContent = "Stop notifications in this browser";
  } else {
    state.textContent = "Off in this browser.";
    button.textContent = "Notify me in this browser";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  watchAlerts();
  const button = document.getElementById("notify");
  const state = document.getElementById("notify-state");
  if (!button || !state) return;
  showNotifyState(button, state);
  button.addEventListener("click", async () => {
    if (notificationsOn()) {
      window.localStorage.setItem(NOTIFY_KEY, "off");
    } else if (await Notification.requestPermission() === "granted") {
      window.localStorage.setItem(NOTIFY_KEY, "on");
      window.localStorage.removeItem(SEEN_KEY);  // from now on: what came before is not news
      watchAlerts();
    }
    showNotifyState(button, state);
  });
});
