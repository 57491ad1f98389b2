// The one script of prospects' pages besides htmx: the upload progress bar.
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("progress");
  if (bar && event.detail.lengthComputable) {
    bar.value = Math.round((100 * event.detail.loaded) / event.detail.total);
    bar.textContent = bar.value + "%";
  }
});
