// Interactive actor graph (cytoscape.js, vendored): force layout, pan/zoom, click opens the actor,
// a slider sets the minimum number of shared articles.  Data from /api/graph; no inline script.
(function () {
  const box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") return;
  const slider = document.getElementById("min-shared"), out = document.getElementById("min-shared-v");
  const count = document.getElementById("graph-count");
  const colours = {PERSON: "#1f77b4", ORG: "#d62728", GPE: "#2ca02c", LOC: "#17becf", NORP: "#9467bd",
                   EVENT: "#ff7f0e", FAC: "#8c564b"};
  let cy = null;

  function elements(data) {
    const linked = new Set();
    data.edges.forEach(e => { linked.add(e.source); linked.add(e.target); });
    const nodes = data.nodes.filter(n => linked.has(n.id)).map(n => ({
      data: {id: n.id, label: n.name, type: n.type, articles: n.articles, colour: colours[n.type] || "#555"}}));
    const edges = data.edges.map(e => ({data: {id: e.source + "-" + e.target, source: e.source,
                                               target: e.target, weight: e.weight}}));
    return {nodes: nodes, edges: edges};
  }

  function draw(data) {
    const els = elements(data);
    if (count) count.textContent = els.nodes.length + " actors, " + els.edges.length + " links";
    if (cy) cy.destroy();
    cy = cytoscape({
      container: box, elements: els, wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 2.5,
      style: [
        {selector: "node", style: {"background-color": "data(colour)", label: "data(label)", "font-size": 10,
          width: "mapData(articles, 1, 50, 8, 30)", height: "mapData(articles, 1, 50, 8, 30)",
          "text-valign": "bottom", "text-margin-y": 2, color: "#222", "min-zoomed-font-size": 6,
          "text-background-color": "#fff", "text-background-opacity": 0.7}},
        {selector: "edge", style: {width: "mapData(weight, 1, 20, 0.5, 6)", "line-color": "#bbb", opacity: 0.7}},
        {selector: "node:selected", style: {"border-width": 2, "border-color": "#000"}},
      ],
      layout: {name: "cose", animate: false, nodeRepulsion: 400000, nodeOverlap: 40, idealEdgeLength: 120, componentSpacing: 60, nodeDimensionsIncludeLabels: true, randomize: true, padding: 20},
    });
    cy.zoom(Math.min(cy.zoom(), 1.2)); cy.center();
    cy.on("tap", "node", ev => { window.location.href = "/actor/" + encodeURIComponent(ev.target.id()); });
    window.presslensGraph = cy;  // for the browser tests and the console
    box.dataset.ready = "1";
  }

  function load() {
    const min = slider ? slider.value : box.dataset.min;
    if (out) out.value = min;
    box.dataset.ready = "0";
    fetch("/api/graph?min_shared=" + encodeURIComponent(min) + "&top=" + encodeURIComponent(box.dataset.top))
      .then(r => r.json()).then(draw);
  }
  if (slider) slider.addEventListener("change", load);
  if (slider) slider.addEventListener("input", () => { out.value = slider.value; });
  load();
})();
