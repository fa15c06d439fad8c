// The questionnaire's progress counter ("12 of 30 questions answered"), kept up to date as the
// person answers. The server writes the same count on page load, so it is right without this.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form.answer-form");
  if (!form || event.target.type !== "radio") return;
  const progress = form.querySelector(".answer-progress");
  if (!progress) return;
  const total = Number(progress.dataset.total) || 0;
  const answered = [...form.querySelectorAll("fieldset.question")].filter((question) =>
    question.querySelector("input[type=radio]:checked"),
  ).length;
  progress.querySelector("[data-answered]").textContent = answered;
  const meter = progress.querySelector("[data-meter]");
  if (meter) meter.style.width = `${total ? Math.round((100 * answered) / total) : 0}%`;
});
