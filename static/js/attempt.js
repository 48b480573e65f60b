// Progressive enhancement for the take page: autosave and a countdown. Without JavaScript the
// page still works: "Save answers" and "Submit" post the form. The server's deadline decides.
(function () {
  "use strict";
  const form = document.getElementById("attempt-form");
  if (!form) return;
  const status = document.getElementById("autosave-status");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function answers() {
    const result = {};
    form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
      const position = fieldset.id.slice(1);
      const inputs = fieldset.querySelectorAll("input, textarea");
      if (inputs.length && inputs[0].type === "checkbox") {
        result[position] = Array.from(inputs).filter((i) => i.checked).map((i) => i.value);
      } else if (inputs.length && inputs[0].type === "radio") {
        const picked = Array.from(inputs).find((i) => i.checked);
        result[position] = picked ? picked.value : "";
      } else if (inputs.length) {
        result[position] = inputs[0].value;
      }
    });
    return result;
  }

  let timer = null;
  function save() {
    fetch(form.dataset.saveUrl, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ answers: answers() }),
    }).then(function (response) {
      status.textContent = response.ok ? form.dataset.savedText || "✓" : "⚠";
    }).catch(function () { status.textContent = "⚠"; });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  });

  const deadline = document.getElementById("deadline");
  const countdown = document.getElementById("countdown");
  if (deadline && countdown) {
    const end = new Date(deadline.getAttribute("datetime")).getTime();
    const tick = function () {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      countdown.textContent = "(" + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") + ")";
      if (left > 0) setTimeout(tick, 1000);
    };
    tick();
  }
})();
