/* The live progress bar of a background job: progressive enhancement, no build step.
   Without JavaScript the page refreshes itself (a meta refresh inside <noscript>). With it, the
   bar follows the job's status every second and the page reloads once to show the result. */
(function () {
  "use strict";
  var box = document.querySelector(".job[data-status-url]");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var status = document.getElementById("job-status");
  var url = box.getAttribute("data-status-url");

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        if (data.total) { bar.max = data.total; }
        bar.value = data.done;
        bar.textContent = data.percent + "%";
        if (status.textContent !== data.label) { status.textContent = data.label; }
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
