// Staff console: live updates by server-sent events, unread count, optional sound.
// Everything also works without this script (plain forms); it only keeps pages fresh.
(function () {
  "use strict";
  var body = document.body;
  var handoff = body.getAttribute("data-handoff");
  var after = parseInt(body.getAttribute("data-after") || "0", 10);
  var baseTitle = document.title;
  var lastUnread = null;
  var sound = document.getElementById("sound");
  var badge = document.getElementById("unread");

  // The transcript scrolls in its own box: open it at the newest line, so that after
  // sending a reply (the page loads again) staff see their reply and the latest message.
  var transcriptBox = document.getElementById("transcript");
  if (transcriptBox) transcriptBox.scrollTop = transcriptBox.scrollHeight;

  if (sound) {
    sound.checked = window.localStorage.getItem("komm-mit-staff-sound") === "1";
    sound.addEventListener("change", function () {
      window.localStorage.setItem("komm-mit-staff-sound", sound.checked ? "1" : "0");
    });
  }

  function beep() {
    if (!sound || !sound.checked) return;
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.1;
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.15);
    } catch (e) { /* no audio: the badge still shows it */ }
  }

  function showUnread(count) {
    document.title = count > 0 ? "(" + count + ") " + baseTitle : baseTitle;
    if (badge) {
      badge.textContent = String(count);
      badge.hidden = count === 0;
    }
    if (lastUnread !== null && count > lastUnread) beep();
    lastUnread = count;
  }

  // The queue page: re-render the queue from the server when it changed, keeping focus.
  function refreshQueues() {
    var box = document.getElementById("queues");
    if (!box) return;
    fetch("/staff", { credentials: "same-origin", headers: { "X-Komm-Mit-Background": "1" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("queues");
        if (!fresh) return;
        var focused = document.activeElement;
        var key = focused && focused.closest("form") ? focused.closest("form").getAttribute("action") : null;
        box.replaceChildren.apply(box, Array.prototype.slice.call(fresh.childNodes));
        if (key) {
          var again = box.querySelector('form[action="' + key + '"] button');
          if (again) again.focus();
        }
      });
  }

  function appendMessage(m) {
    var list = document.getElementById("transcript");
    if (!list || list.querySelector('[data-id="' + m.id + '"]')) return;
    if (m.html) {
      // The server wrote the line as the page does (escaped by its templates): the same
      // translation, answer in the console's language and "understood" line.
      list.insertAdjacentHTML("beforeend", m.html);
      var added = list.lastElementChild;
      if (added) added.scrollIntoView({ block: "nearest" });
      return;
    }
    var li = document.createElement("li");
    li.className = "msg " + m.sender;
    li.setAttribute("data-id", String(m.id));
    var meta = document.createElement("p");
    meta.className = "meta";
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = list.getAttribute("data-label-" + m.sender) + (m.sender === "staff" && m.staff_name ? " (" + m.staff_name + ")" : "");
    var at = document.createElement("span");
    at.className = "at";
    at.textContent = m.at;
    meta.append(who, " ", at);
    if (m.sender === "user" && m.language_label) {
      var lang = document.createElement("span");
      lang.className = "lang";
      lang.textContent = m.language_label;
      meta.append(" ", lang);
    }
    var text = document.createElement("p");
    text.className = "text";
    if (m.sender === "system") {
      text.textContent = m.system;
    } else {
      text.setAttribute("dir", "auto");
      text.textContent = m.text;
    }
    li.append(meta, text);
    if (m.original) {
      var orig = document.createElement("p");
      orig.className = "original";
      orig.setAttribute("lang", "de");
      orig.textContent = list.getAttribute("data-label-german") + ": " + m.original;
      li.append(orig);
    }
    list.append(li);
    li.scrollIntoView({ block: "nearest" });
  }

  // A form of this page is being sent (e.g. the hand-over): its answer decides where the
  // browser goes; a reload for the status change it caused would cancel that.
  var submitting = false;
  document.addEventListener("submit", function () { submitting = true; });

  var lastStatus = null;
  function onStatus(view) {
    var key = view.status + "|" + (view.claimed_by || "");
    if (lastStatus !== null && key !== lastStatus && !submitting) {
      window.location.reload(); // someone took over or it ended: show the right forms
      return;
    }
    lastStatus = key;
  }

  if (!window.EventSource) return;
  var url = "/staff/events" + (handoff ? "?handoff=" + encodeURIComponent(handoff) + "&after=" + after : "");
  var firstQueue = true;
  var source = new EventSource(url);
  source.addEventListener("queue", function (e) {
    var data = JSON.parse(e.data);
    showUnread(data.unread || 0);
    if (!firstQueue) refreshQueues();
    firstQueue = false;
  });
  source.addEventListener("message", function (e) {
    appendMessage(JSON.parse(e.data));
  });
  source.addEventListener("status", function (e) {
    onStatus(JSON.parse(e.data));
  });
  source.addEventListener("logout", function () {
    source.close();
    window.location.href = "/staff/login?next=" + encodeURIComponent(window.location.pathname);
  });
  source.addEventListener("forbidden", function () {
    source.close(); // the conversation's service was taken away from this account
    window.location.href = "/staff";
  });
})();
