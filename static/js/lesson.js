// The lesson page's course outline is a <details> that starts closed, so on a phone it is one
// line above the lesson. On a screen wide enough for it to sit beside the lesson, open it.
// Loaded right after the outline (not deferred), so it opens before the page is first drawn.
(function () {
  "use strict";
  var outline = document.getElementById("lesson-outline");
  if (outline && window.matchMedia("(min-width: 56.01rem)").matches) {
    outline.open = true;
  }
})();
