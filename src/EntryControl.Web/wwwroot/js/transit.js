// 途经: a freight driver passing through names the entry checkpoint instead of a community and address. The server
// renders the same choice (the wizard works without JavaScript); this only swaps the fields as the box is ticked.
(() => {
  const box = document.getElementById("Declaration_Transit");
  const checkpoint = document.getElementById("destination-checkpoint");
  const community = document.getElementById("destination-community");
  if (!box || !checkpoint || !community) return;
  const show = () => {
    checkpoint.hidden = !box.checked;
    community.hidden = box.checked;
  };
  box.addEventListener("change", show);
  show();
})();
