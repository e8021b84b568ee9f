/* Live validation in the course editor: progressive enhancement, no build step.
   Without JavaScript the editor still validates on save. While typing, the unsaved text is
   sent to the server's validator (the one of `flask courses validate`) and the problems next
   to the text area are replaced. Clicking a problem moves the cursor to its line. */
(function () {
  "use strict";
  var editor = document.querySelector(".editor[data-check-url]");
  if (!editor) { return; }
  var textarea = editor.querySelector("textarea");
  var list = document.getElementById("problemen");
  var status = document.getElementById("live-status");
  var token = editor.querySelector("input[name=csrf_token]");
  var timer = null;
  // Texts in the page's language, from the server's catalogue (data-text-* on the editor).
  function text(name) { return editor.getAttribute("data-text-" + name) || ""; }
  var latest = 0;

  function goToLine(line) {
    var lines = textarea.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    var end = start + (lines[line - 1] || "").length;
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var lineHeight = textarea.scrollHeight / Math.max(lines.length, 1);
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  function render(problems) {
    list.textContent = "";
    var errors = 0;
    problems.forEach(function (problem) {
      if (problem.severity === "error") { errors++; }
      var item = document.createElement("li");
      item.className = "problem problem--" + problem.severity;
      var link = document.createElement("a");
      link.href = "#text";
      link.setAttribute("data-line", problem.line);
      link.textContent = problem.text;
      item.appendChild(link);
      list.appendChild(item);
    });
    var warnings = problems.length - errors;
    status.textContent = problems.length
      ? text("problems").replace("{errors}", errors).replace("{warnings}", warnings)
      : text("none");
  }

  function check() {
    var request = ++latest;
    var body = new FormData();
    body.append("path", editor.getAttribute("data-path"));
    body.append("text", textarea.value);
    fetch(editor.getAttribute("data-check-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      if (request === latest) { render(data.problems); }
    }).catch(function () {
      status.textContent = text("failed");
    });
  }

  textarea.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 600);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-line]") : null;
    if (!link || link.getAttribute("href").charAt(0) !== "#") { return; }
    event.preventDefault();
    goToLine(parseInt(link.getAttribute("data-line"), 10) || 1);
  });
}());
