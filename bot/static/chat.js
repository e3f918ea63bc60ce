// Minimal demo chat for the Komm Mit chat API. Everything from the user or the
// bot is shown as text (textContent), never as HTML.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const log = $("log"), input = $("input"), select = $("lang-select"), status = $("status");
  const key = "kommmit.conversation";
  let conversation = sessionStorage.getItem(key);
  if (!conversation) {
    conversation = "web-" + crypto.randomUUID().replace(/-/g, "");
    sessionStorage.setItem(key, conversation);
  }
  // ?lang=ar in the link (e.g. from an Arabic page of the district) > earlier choice > browser
  let language = new URLSearchParams(location.search).get("lang") ||
    sessionStorage.getItem("kommmit.language") || (navigator.language || "de").slice(0, 2);
  let texts = {};

  function applyLanguage(lang, dir) {
    language = lang;
    sessionStorage.setItem("kommmit.language", lang);
    document.documentElement.lang = lang;
    document.documentElement.dir = dir;
    if (select.value !== lang) select.value = lang;
  }

  async function loadTexts(lang) {
    const resp = await fetch("/api/v1/ui-texts?language=" + encodeURIComponent(lang));
    const data = await resp.json();
    texts = data.texts;
    if (!select.options.length) {
      for (const [code, name] of Object.entries(data.languages)) {
        const option = document.createElement("option");
        option.value = code; option.textContent = name; option.lang = code;
        select.append(option);
      }
    }
    document.title = texts.title;
    $("chat-title").textContent = texts.title;
    $("lang-label").textContent = texts.language_label;
    $("input-label").textContent = texts.placeholder;
    input.placeholder = texts.placeholder;
    $("send").textContent = texts.send;
    $("privacy").textContent = texts.privacy;
    applyLanguage(data.language, data.direction);
  }

  function addMessage(who, text, dir, buttons, attachment) {
    const item = document.createElement("li");
    item.className = "msg msg--" + who;
    item.dir = dir || "auto";
    const body = document.createElement("div");
    body.textContent = text;
    item.append(body);
    // Only our own API links are shown (e.g. a booking's calendar file).
    if (attachment && typeof attachment.url === "string" && attachment.url.startsWith("/api/")) {
      const link = document.createElement("a");
      link.className = "msg__attachment";
      link.href = attachment.url;
      link.download = attachment.filename || "";
      link.textContent = (texts.calendar_file || "Add to calendar") + " (" + (attachment.filename || ".ics") + ")";
      item.append(link);
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
    log.append(item);
    item.scrollIntoView({ block: "end" });
  }

  async function send(text, shown) {
    if (shown !== null) addMessage("me", shown || text, "auto");
    status.textContent = "";
    try {
      const resp = await fetch(`/api/v1/conversations/${conversation}/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text, language }),
      });
      const data = await resp.json();
      if (!resp.ok) { status.textContent = data.error ? data.error.message : texts.offline; return; }
      if (data.language !== language) await loadTexts(data.language);
      for (const m of data.messages) addMessage("bot", m.text, data.direction, m.buttons, m.attachment);
    } catch (e) {
      status.textContent = texts.offline;
    }
  }

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  select.addEventListener("change", async () => {
    await loadTexts(select.value);
    send(`/change_language{"language":"${select.value}"}`, select.options[select.selectedIndex].text);
  });
  // Messages that arrive later (e.g. "a time became free"), pushed by the server (SSE).
  // EventSource reconnects by itself; while it cannot, the page says it is offline.
  const events = new EventSource(`/api/v1/conversations/${conversation}/events`);
  events.addEventListener("message", (event) => {
    const m = JSON.parse(event.data);
    addMessage("bot", m.text, m.direction, m.buttons);
  });
  events.addEventListener("error", () => { status.textContent = texts.offline || ""; });
  events.addEventListener("open", () => {
    if (status.textContent === texts.offline) status.textContent = "";
  });
  loadTexts(language).then(() => send("/greet", null));
})();
