/* Audience beacon (figures.counting): one small POST once the page is shown.
   No cookie, nothing stored in the browser. A prerendered page counts only
   when the visitor actually opens it. */
(function () {
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) { return; }
  var token = script.getAttribute("data-mesure");
  var url = script.getAttribute("data-mesure-url");
  if (!token || !url) { return; }
  function send() {
    navigator.sendBeacon(url, new URLSearchParams({ p: token }));
  }
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
