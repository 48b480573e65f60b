// Progressive enhancement for the take page. Without JavaScript the page works: "Save answers"
// and "Submit for grading" post the form, and the server's deadline decides. With it:
// - the answered counter follows every change;
// - answers autosave through the API, the result said in words in a polite live region (the
//   same words are not announced twice, so a save every few seconds is heard once a minute);
// - answers not yet on the server are kept in sessionStorage and put back if the page comes back
//   (after a failed submit, a new login) with an older server copy;
// - the countdown ticks outside any live region; the warnings at 5 and 1 minute are announced
//   once each; at zero the form is submitted;
// - the final submit asks first, with the number of unanswered questions.
(function () {
  "use strict";
  const form = document.getElementById("attempt-form");
  if (!form) return;
  const texts = JSON.parse(document.getElementById("attempt-texts").textContent);
  const status = document.getElementById("autosave-status");
  const counter = document.getElementById("answered-count");
  const bar = document.getElementById("attempt-bar");
  const dialog = document.getElementById("submit-dialog");
  const fieldsets = Array.from(form.querySelectorAll("fieldset.question"));
  const storageKey = "attempt-answers:" + form.dataset.attempt;
  // Client clock minus server clock (both in ms): server times are compared with Date.now()
  // through it. The server gives Unix seconds.
  const serverNow = Number(form.dataset.now) * 1000;
  const skew = serverNow ? Date.now() - serverNow : 0;
  const serverSavedAt = Number(form.dataset.savedAt) * 1000 || 0; // server clock

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function clockTime(date) {
    const options = { hour: "numeric", minute: "2-digit", numberingSystem: "latn" };
    if (form.dataset.timeZone) options.timeZone = form.dataset.timeZone;
    try {
      return date.toLocaleTimeString(document.documentElement.lang || undefined, options);
    } catch (error) {
      return date.toLocaleTimeString();
    }
  }

  // Answers ----------------------------------------------------------------------------------

  function answerOf(fieldset) {
    const inputs = Array.from(fieldset.querySelectorAll("input, textarea"));
    if (!inputs.length) return "";
    if (inputs[0].type === "checkbox") return inputs.filter((i) => i.checked).map((i) => i.value);
    if (inputs[0].type === "radio") {
      const picked = inputs.find((i) => i.checked);
      return picked ? picked.value : "";
    }
    return inputs[0].value;
  }

  function answers() {
    const result = {};
    fieldsets.forEach(function (fieldset) {
      result[fieldset.id.slice(1)] = answerOf(fieldset);
    });
    return result;
  }

  function isAnswered(answer) {
    return Array.isArray(answer) ? answer.length > 0 : String(answer).trim() !== "";
  }

  function unanswered() {
    return fieldsets.filter((fieldset) => !isAnswered(answerOf(fieldset)));
  }

  function putBack(kept) {
    fieldsets.forEach(function (fieldset) {
      const position = fieldset.id.slice(1);
      if (!(position in kept)) return;
      const value = kept[position];
      fieldset.querySelectorAll("input, textarea").forEach(function (input) {
        if (input.type === "checkbox") input.checked = Array.isArray(value) && value.includes(input.value);
        else if (input.type === "radio") input.checked = input.value === value;
        else input.value = value == null ? "" : value;
      });
    });
  }

  function updateCounter() {
    const total = fieldsets.length;
    counter.textContent = fill(texts.answered, { answered: total - unanswered().length, total: total });
  }

  // A copy in this tab of what the server may not have yet ------------------------------------

  function remember() {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify({ answers: answers(), changedAt: Date.now() - skew }));
    } catch (error) { /* storage full or disabled: autosave still runs */ }
  }

  function forget() {
    try { sessionStorage.removeItem(storageKey); } catch (error) { /* nothing kept */ }
  }

  function kept() {
    try { return JSON.parse(sessionStorage.getItem(storageKey)); } catch (error) { return null; }
  }

  // Autosave ---------------------------------------------------------------------------------

  let timer = null;
  let retryDelay = 0;
  let inFlight = false;
  let again = false;
  let closed = false;

  function show(message) {
    if (status.textContent !== message) status.textContent = message; // same words: no re-announcement
  }

  function cookieToken() {
    // After a login in another tab the cookie holds the new token; the page's copy is stale.
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function retry(message) {
    show(message);
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 5000, 60000);
    schedule(retryDelay);
  }

  function save() {
    if (closed) return;
    if (inFlight) { again = true; return; }
    const sent = JSON.stringify({ answers: answers() });
    inFlight = true;
    fetch(form.dataset.saveUrl, {
      method: "PATCH",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": cookieToken() || form.elements.csrfmiddlewaretoken.value,
      },
      body: sent,
    }).then(function (response) {
      if (response.ok) {
        retryDelay = 0;
        if (sent === JSON.stringify({ answers: answers() })) forget();
        show(fill(texts.saved, { time: clockTime(new Date()) }));
      } else if (response.status === 409) {
        closed = true;
        show(texts.closed);
      } else if (response.status === 400) {
        return response.json().then(function (body) {
          const positions = Object.keys(((body && body.errors) || {}).answers || {});
          show(fill(texts.invalid, { position: positions[0] || "?" }));
        }, function () { retry(texts.failed); });
      } else {
        retry(response.status === 401 || response.status === 403 ? texts.loggedOut : texts.failed);
      }
    }, function () {
      retry(texts.failed);
    }).finally(function () {
      inFlight = false;
      if (again) { again = false; schedule(0); }
    });
  }

  function changed() {
    updateCounter();
    remember();
    if (!closed) schedule(1500);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  const local = kept();
  if (local && local.answers && local.changedAt > serverSavedAt) {
    putBack(local.answers);
    show(texts.restored);
    schedule(0);
  } else {
    forget();
  }
  updateCounter();

  // The sticky bar never covers the focused field ----------------------------------------------

  function fitScrollPadding() {
    document.documentElement.style.setProperty("--attempt-bar-height", bar.offsetHeight + "px");
  }
  fitScrollPadding();
  if ("ResizeObserver" in window) new ResizeObserver(fitScrollPadding).observe(bar);
  else window.addEventListener("resize", fitScrollPadding);

  // Submitting -------------------------------------------------------------------------------

  let confirmed = false;
  const submitButton = document.getElementById("submit-button");

  function focusQuestion(fieldset) {
    const field = fieldset.querySelector("input, textarea");
    if (field) field.focus();
  }

  function askFirst() {
    const missing = unanswered();
    document.getElementById("unanswered-count").textContent = missing.length;
    const links = document.getElementById("unanswered-links");
    links.textContent = "";
    missing.forEach(function (fieldset) {
      const link = document.createElement("a");
      link.href = "#" + fieldset.id;
      link.textContent = fieldset.id.slice(1);
      link.setAttribute("aria-label", fill(texts.goTo, { position: fieldset.id.slice(1) }));
      link.addEventListener("click", function (event) {
        event.preventDefault();
        dialog.close();
        focusQuestion(fieldset);
      });
      links.append(link, " ");
    });
    dialog.querySelector('[data-when="unanswered"]').hidden = missing.length === 0;
    dialog.querySelector('[data-when="complete"]').hidden = missing.length !== 0;
    dialog.showModal();
  }

  document.getElementById("keep-answering").addEventListener("click", function () {
    dialog.close();
  });

  form.addEventListener("submit", function (event) {
    const submitter = event.submitter;
    const final = submitter && submitter.value === "submit";
    const ask = final && !confirmed && submitter.id !== "confirm-submit" &&
      dialog && typeof dialog.showModal === "function";
    if (ask) {
      event.preventDefault();
      askFirst();
      return;
    }
    // The page's token is stale after a login in another tab; the cookie has the current one.
    const token = cookieToken();
    if (token) form.elements.csrfmiddlewaretoken.value = token;
    clearTimeout(timer); // the post carries every answer; the kept copy stays until it lands
  });

  // Countdown --------------------------------------------------------------------------------

  const deadline = document.getElementById("deadline");
  const countdown = document.getElementById("countdown");
  const warning = document.getElementById("time-warning");
  const clock = document.getElementById("clock");
  if (deadline && countdown) {
    const end = Number(deadline.dataset.epoch) * 1000 + skew; // on this clock
    let warned = 0; // the last warning given, in minutes: 5, then 1
    let firstTick = true;

    const format = function (seconds) {
      const hours = Math.floor(seconds / 3600);
      const minutes = Math.floor((seconds % 3600) / 60);
      const rest = String(seconds % 60).padStart(2, "0");
      return hours ? hours + ":" + String(minutes).padStart(2, "0") + ":" + rest : minutes + ":" + rest;
    };
    const warn = function (message) {
      warning.textContent = message;
      clock.classList.add("is-low");
    };
    const tick = function () {
      const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      countdown.textContent = format(left);
      if (left > 0 && left <= 60 && warned !== 1) { warned = 1; warn(texts.oneMinute); }
      else if (left > 60 && left <= 300 && warned === 0) { warned = 5; warn(texts.fiveMinutes); }
      if (left > 0) {
        firstTick = false;
        setTimeout(tick, 1000);
      } else if (!firstTick) {
        // Time ran out with the page open: submit what is on it (the server accepts it for a
        // short grace period). A page opened after the deadline leaves that to the learner.
        warn(texts.timeUp);
        confirmed = true;
        if (dialog && dialog.open) dialog.close();
        if (typeof form.requestSubmit === "function") form.requestSubmit(submitButton);
        else submitButton.click();
      } else {
        clock.classList.add("is-low");
      }
    };
    tick();
  }
})();
