/*
 * Komm Mit chat widget: one script tag puts the assistant on any page.
 *
 *   <script src="https://chat.example.org/widget.js" defer
 *           data-lang="ar" data-open="false" data-privacy-url="/privacy"></script>
 *
 * Plain modern JavaScript, no build step, no third-party code or fonts. Everything runs in a
 * shadow root so the host page's styles cannot break it (and ours cannot break the page).
 * Texts come from the server's catalogs (/api/v1/ui-texts); everything the user or the bot
 * writes is inserted as text, never as HTML. Links are made only from https:// URLs.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const server = (script && script.dataset.server) || new URL(script.src).origin;
  const privacyUrl = new URL((script && script.dataset.privacyUrl) || "/privacy", server).href;
  const KEEP = "kommmit.keep";
  const ID = "kommmit.conversation";

  // --- conversation id: issued by the server, kept in this tab only unless the user chose to keep it
  // Issued ids are signed (`w-<random>.<signature>`); older widgets made their own, which the
  // server no longer accepts: those are dropped here.
  const ISSUED = /^w-[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
  function storage() {
    return localStorage.getItem(KEEP) === "1" ? localStorage : sessionStorage;
  }
  function storedId() {
    const id = storage().getItem(ID);
    return id && ISSUED.test(id) ? id : null;
  }
  function forgetId() {
    localStorage.removeItem(ID);
    sessionStorage.removeItem(ID);
  }
  // An error answer of the chat API; `shown` is its polite text in the user's language.
  function refused(data) {
    const error = new Error("refused");
    error.shown = data && data.error ? data.error.message : null;
    return error;
  }
  let asking = null;  // the greeting and the event stream may ask at once: one new id
  function conversationId() {
    const id = storedId();
    if (id) return Promise.resolve(id);
    if (!asking) {
      asking = (async () => {
        const resp = await fetch(`${server}/api/v1/conversations`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ language }),
        });
        const data = await resp.json();
        if (!resp.ok || typeof data.conversation_id !== "string") throw refused(data);
        storage().setItem(ID, data.conversation_id);
        return data.conversation_id;
      })().finally(() => {
        asking = null;
      });
    }
    return asking;
  }
  function keepConversation(keep) {
    const id = storedId();
    if (keep) {
      localStorage.setItem(KEEP, "1");
      if (id) localStorage.setItem(ID, id);
    } else {
      localStorage.removeItem(KEEP);
      localStorage.removeItem(ID);
      if (id) sessionStorage.setItem(ID, id);
    }
  }

  const supported = ["de", "en", "ar", "fa", "uk", "ru", "tr"];
  function firstLanguage() {
    const wanted = (script && script.dataset.lang) || new URLSearchParams(location.search).get("lang");
    if (wanted && supported.includes(wanted)) return wanted;
    for (const l of navigator.languages || [navigator.language || "de"]) {
      const code = l.slice(0, 2).toLowerCase();
      if (supported.includes(code)) return code;
    }
    return "de";
  }

  // --- the DOM (in a shadow root) -------------------------------------------------------------
  const host = document.createElement("div");
  host.className = "kommmit-widget";
  document.body.append(host);
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `
    <link rel="stylesheet" href="${new URL("/static/widget.css", server).href}">
    <button class="launcher" type="button" aria-haspopup="dialog" aria-expanded="false"
            aria-controls="kommmit-window"><span class="launcher__icon" aria-hidden="true">💬</span>
      <span class="launcher__label"></span></button>
    <section id="kommmit-window" class="window" role="dialog" aria-modal="true"
             aria-labelledby="kommmit-title" hidden>
      <div class="window__header">
        <h2 id="kommmit-title" class="window__title"></h2>
        <label class="window__lang"><span class="lang-label"></span>
          <select class="lang-select"></select></label>
        <button class="close" type="button"><span aria-hidden="true">✕</span>
          <span class="visually-hidden close-label"></span></button>
      </div>
      <p class="privacy"><span class="privacy-text"></span>
        <a class="privacy-link" target="_blank" rel="noopener noreferrer"></a></p>
      <div class="tools">
        <label class="keep"><input type="checkbox" class="keep-box"> <span class="keep-label"></span></label>
        <button class="forget" type="button"></button>
      </div>
      <div class="log" role="log" aria-live="polite" aria-relevant="additions"></div>
      <div class="handoff" role="status" hidden><span class="handoff-text"></span>
        <button class="handoff-leave" type="button"></button></div>
      <p class="typing" hidden><span aria-hidden="true">• • •</span> <span class="typing-text"></span></p>
      <p class="status" role="status"></p>
      <form class="composer">
        <label class="visually-hidden input-label" for="kommmit-input"></label>
        <input id="kommmit-input" class="input" name="text" autocomplete="off" maxlength="2000" required>
        <button class="send" type="submit"></button>
      </form>
    </section>`;
  const $ = (selector) => root.querySelector(selector);
  const launcher = $(".launcher");
  const win = $(".window");
  const log = $(".log");
  const input = $(".input");
  const select = $(".lang-select");
  const status = $(".status");
  const typing = $(".typing");
  const handoffBar = $(".handoff");
  let handoffStatus = null;
  let language = firstLanguage();
  let texts = {};
  let greeted = false;

  // --- texts and direction ----------------------------------------------------------------------
  // Answers can arrive out of order (a greeting in German still on its way while the person
  // picks Arabic): only the newest request for texts is applied, and a reply in a language
  // the person has since left does not switch the window back.
  let textsRequest = 0;
  let languageChoice = 0;
  async function loadTexts(lang) {
    const mine = ++textsRequest;
    const resp = await fetch(`${server}/api/v1/ui-texts?language=${encodeURIComponent(lang)}`);
    const data = await resp.json();
    if (mine !== textsRequest) return;
    texts = data.texts;
    language = data.language;
    if (!select.options.length) {
      for (const [code, name] of Object.entries(data.languages)) {
        const option = new Option(name, code);
        option.lang = code;
        select.append(option);
      }
    }
    select.value = language;
    applyDirection(data.direction);
    $(".launcher__label").textContent = texts.open;
    $(".window__title").textContent = texts.title;
    $(".lang-label").textContent = texts.language_label;
    $(".close-label").textContent = texts.close;
    $(".privacy-text").textContent = texts.privacy;
    const link = $(".privacy-link");
    link.textContent = texts.privacy_link;
    const privacy = new URL(privacyUrl);
    if (privacy.origin === new URL(server).origin) privacy.searchParams.set("language", language);
    link.href = privacy.href;
    $(".keep-label").textContent = texts.keep;
    $(".forget").textContent = texts.forget;
    $(".keep-box").checked = localStorage.getItem(KEEP) === "1";
    $(".typing-text").textContent = texts.typing;
    $(".input-label").textContent = texts.placeholder;
    input.placeholder = texts.placeholder;
    $(".send").textContent = texts.send;
    $(".handoff-leave").textContent = texts.back_to_bot;
    showHandoff(handoffStatus);
  }

  // While staff have the conversation, a bar says so and offers the way back to the bot.
  function showHandoff(state) {
    handoffStatus = state && state !== "closed" ? state : null;
    handoffBar.hidden = !handoffStatus;
    $(".handoff-text").textContent =
      handoffStatus === "claimed" ? texts.handoff_claimed || "" : texts.handoff_waiting || "";
  }

  function applyDirection(dir) {
    win.dir = dir;
    win.lang = language;
    launcher.dir = dir;
  }

  // --- messages ------------------------------------------------------------------------------
  const timeFormat = () => new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit" });

  function appendText(parent, text) {
    // https:// links become links; everything else stays text.
    const parts = text.split(/(https:\/\/[^\s<>"']+)/g);
    for (const part of parts) {
      if (/^https:\/\/[^\s<>"']+$/.test(part)) {
        const a = document.createElement("a");
        a.href = part.replace(/[.,;:!?)]+$/, "");
        a.textContent = part;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        parent.append(a);
      } else if (part) {
        parent.append(document.createTextNode(part));
      }
    }
  }

  function addMessage(who, text, dir, buttons, attachment, staffLabel) {
    const item = document.createElement("div");
    item.className = "msg msg--" + who;
    item.dir = dir || "auto";
    const label = document.createElement("span");
    if (who === "staff") {
      label.className = "msg__from";  // a person wrote this: say who, visibly
      label.textContent = staffLabel || texts.staff;
    } else {
      label.className = "visually-hidden";
      label.textContent = (who === "me" ? texts.you : texts.assistant) + ": ";
    }
    const body = document.createElement("p");
    body.className = "msg__text";
    appendText(body, text);
    const time = document.createElement("time");
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = timeFormat().format(now);
    item.append(label, body);
    if (attachment && typeof attachment.url === "string" && attachment.url.startsWith("/api/")) {
      const a = document.createElement("a");
      a.className = "msg__attachment";
      a.href = new URL(attachment.url, server).href;
      a.download = attachment.filename || "";
      a.textContent = `${texts.calendar_file} (${attachment.filename || ".ics"})`;
      item.append(a);
    }
    if (buttons && buttons.length) {
      const row = document.createElement("div");
      row.className = "msg__buttons";
      for (const b of buttons) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.addEventListener("click", () => send(b.payload, b.title));
        row.append(button);
      }
      item.append(row);
    }
    item.append(time);
    log.append(item);
    item.scrollIntoView({ block: "end" });
  }

  async function post(text) {
    const id = encodeURIComponent(await conversationId());
    const resp = await fetch(`${server}/api/v1/conversations/${id}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, language }),
    });
    return [resp, await resp.json()];
  }

  async function send(text, shown) {
    const choice = languageChoice;
    if (shown !== null) addMessage("me", shown || text, "auto");
    status.textContent = "";
    typing.hidden = false;
    try {
      let [resp, data] = await post(text);
      if (resp.status === 404 && data.error && data.error.code === "unknown_conversation") {
        // The server does not know this id (any more): a new conversation, and the message again.
        forgetId();
        restartEvents();
        [resp, data] = await post(text);
      }
      if (!resp.ok) {
        status.textContent = data.error ? data.error.message : texts.offline || "…";
        return;
      }
      if (data.language !== language && choice === languageChoice) await loadTexts(data.language);
      for (const m of data.messages) addMessage("bot", m.text, data.direction, m.buttons, m.attachment);
      showHandoff(data.handoff ? data.handoff.status : null);
      if (data.deleted) startAfresh();
    } catch (e) {
      status.textContent = e.shown || texts.offline || "…";
    } finally {
      typing.hidden = true;
    }
  }

  // After "delete my data" the old conversation id is forgotten on this device too.
  function startAfresh() {
    forgetId();
    localStorage.removeItem(KEEP);
    $(".keep-box").checked = false;
    restartEvents();
  }

  // --- pushed messages (SSE); reconnects with growing pauses (1 s … 30 s) while offline ------------
  // Each message has an id; the widget confirms what it showed (until then the server keeps
  // it for this conversation) and reconnects after the last one it has.
  let events = null;
  let connecting = false;
  let lastNotice = 0;
  let pause = 1000;
  let wasOpen = false;
  function restartEvents() {
    if (events) {
      events.close();
      events = null;
    }
    lastNotice = 0;
    wasOpen = false;
    listen();
  }
  function retryLater() {
    status.textContent = texts.offline || "";
    setTimeout(listen, pause);
    pause = Math.min(pause * 2, 30000);
  }
  function confirmShown(id, upTo) {
    fetch(`${server}/api/v1/conversations/${encodeURIComponent(id)}/notices/ack`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ up_to: upTo }),
    }).catch(() => {});  // not confirmed: it comes again with the next stream
  }
  async function unknownHere(id) {
    try {
      const url = `${server}/api/v1/conversations/${encodeURIComponent(id)}/notices?after=${Number.MAX_SAFE_INTEGER}`;
      const resp = await fetch(url);
      const data = await resp.json();
      return resp.status === 404 && data.error && data.error.code === "unknown_conversation";
    } catch (e) {
      return false;  // offline: the stream retries
    }
  }
  async function listen() {
    if (events || connecting) return;
    connecting = true;
    let id;
    try {
      id = await conversationId();
    } catch (e) {
      retryLater();
      return;
    } finally {
      connecting = false;
    }
    if (events) return;  // started meanwhile
    if (id !== storedId()) return listen();  // a new conversation began meanwhile
    const query = `language=${encodeURIComponent(language)}&after=${lastNotice}`;
    const source = new EventSource(`${server}/api/v1/conversations/${encodeURIComponent(id)}/events?${query}`);
    events = source;
    source.addEventListener("message", (event) => {
      if (events !== source) return;
      const noticeId = Number(event.lastEventId) || 0;
      if (noticeId && noticeId <= lastNotice) return;  // shown already
      const m = JSON.parse(event.data);
      const who = m.sender === "staff" ? "staff" : "bot";
      addMessage(who, m.text, m.direction, m.buttons, m.attachment, m.label);
      if (m.handoff) showHandoff(m.handoff);
      if (noticeId) {
        lastNotice = noticeId;
        confirmShown(id, noticeId);
      }
    });
    source.addEventListener("open", () => {
      pause = 1000;
      wasOpen = true;
      if (status.textContent === texts.offline) status.textContent = "";
    });
    source.addEventListener("error", async () => {
      // We reconnect ourselves, with growing pauses, instead of the browser's fixed retry.
      // The server ends each stream after a while: the first error after an open stream
      // reconnects at once and quietly; only failing reconnects show "offline".
      source.close();
      if (events !== source) return;
      events = null;
      if (wasOpen) {
        wasOpen = false;
        listen();
        return;
      }
      if (await unknownHere(id)) {
        // The server does not know this id (any more): a new conversation (with a pause, so
        // that a server that keeps refusing is not asked in a loop).
        if (storedId() === id) forgetId();
        lastNotice = 0;
        setTimeout(listen, pause);
        pause = Math.min(pause * 2, 30000);
        return;
      }
      retryLater();
    });
  }

  // --- opening, closing, keyboard ------------------------------------------------------------------
  function open() {
    win.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    input.focus();
    listen();
    if (!greeted) {
      greeted = true;
      send("/greet", null);
    }
  }
  function close() {
    win.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  function focusable() {
    return [...win.querySelectorAll("button, select, input, a[href]")].filter(
      (el) => !el.disabled && el.offsetParent !== null
    );
  }
  win.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      // Focus stays inside the open window (modal dialog).
      const items = focusable();
      const first = items[0];
      const last = items[items.length - 1];
      const active = root.activeElement;
      if (event.shiftKey && active === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  launcher.addEventListener("click", () => (win.hidden ? open() : close()));
  $(".close").addEventListener("click", close);
  $(".keep-box").addEventListener("change", (event) => keepConversation(event.target.checked));
  // The same request as typing "delete my data": the assistant answers what it can do.
  $(".forget").addEventListener("click", () => send("/delete_my_data", texts.forget));
  $(".handoff-leave").addEventListener("click", () => send("/bot", texts.back_to_bot));
  $(".composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  select.addEventListener("change", async () => {
    languageChoice += 1;
    await loadTexts(select.value);
    send(`/change_language{"language":"${select.value}"}`, select.options[select.selectedIndex].text);
  });

  launcher.setAttribute("aria-label", "Komm Mit");  // until the texts have loaded
  loadTexts(language)
    .then(() => {
      launcher.removeAttribute("aria-label");
      if (script && script.dataset.open === "true") open();
    })
    .catch(() => {
      // Server not reachable: the launcher stays (named "Komm Mit"); opening retries.
      launcher.addEventListener("click", () => loadTexts(language).catch(() => {}), { once: true });
    });
})();
