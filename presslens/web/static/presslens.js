// Confidence slider: hide technique highlights below the chosen confidence (as Prta does).
(function () {
  const slider = document.getElementById("conf"), out = document.getElementById("confv");
  if (!slider) return;
  function apply() {
    const min = parseFloat(slider.value); out.value = min.toFixed(2);
    document.querySelectorAll("#techs li").forEach(li => { li.hidden = parseFloat(li.dataset.conf) < min; });
    document.querySelectorAll("#text .tech").forEach(el => {
      const confs = (el.title.match(/\((\d\.\d\d)\)/g) || []).map(s => parseFloat(s.slice(1)));
      el.classList.toggle("hidden", confs.length > 0 && Math.max(...confs) < min);
    });
  }
  slider.addEventListener("input", apply); apply();
})();
