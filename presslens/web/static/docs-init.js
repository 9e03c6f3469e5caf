// Swagger UI start-up, kept out of the page so the Content-Security-Policy can forbid inline script.
(function () {
  const el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true });
})();
