/* The GOV.UK error summary: after a rejected form the focus goes to the summary, so a screen
   reader announces it first; a link in it puts the focus on its field and shows the field's label.
   Without JavaScript the summary is still first in the main content and the links still jump.
   An external file because the Content Security Policy allows no inline script. */
(function () {
  "use strict";
  function onReady() {
    var summary = document.getElementById("foutmeldingen");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      if (!link) { return; }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var group = field.closest("fieldset");
      var label = group ? group.querySelector("legend") : document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onReady);
  } else {
    onReady();
  }
}());
