// Progressive enhancement of a sheet: "Imprimer" and "Copier le lien" buttons
// appear only when they can work; without JavaScript, the mail link remains.
(function () {
  var printButton = document.querySelector("[data-imprimer]");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var copyButton = document.querySelector("[data-copier]");
  var status = document.querySelector("[data-copie-statut]");
  if (copyButton && navigator.clipboard) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      navigator.clipboard.writeText(copyButton.getAttribute("data-copier")).then(
        function () { status.textContent = "Lien copié."; },
        function () { status.textContent = "La copie n'a pas fonctionné : copiez l'adresse de la page."; }
      );
    });
  }
})();
