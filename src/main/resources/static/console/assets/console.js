// The console's only script besides htmx: the CSRF header on htmx requests, the consent window of a
// connect, and a confirmation before destructive forms. Every page also works without it.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener("htmx:configRequest", function (evt) {
    if (token) evt.detail.headers["X-CSRF-Token"] = token.getAttribute("content");
  });
  document.addEventListener("leadhub:open-consent", function (evt) {
    var url = evt.detail && evt.detail.url;
    if (url) window.open(url, "leadhub-consent", "width=720,height=780");
  });
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) evt.preventDefault();
  }, true);
})();
