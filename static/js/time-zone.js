// Sign-up: preselect the browser's time zone while the field still shows the server's default
// (data-browser-time-zone). Without JavaScript the default stays and the learner picks one.
(function () {
  "use strict";
  var select = document.querySelector("select[data-browser-time-zone]");
  if (!select || select.value !== select.getAttribute("data-browser-time-zone")) return;
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) {
      select.value = zone;
      return;
    }
  }
})();
