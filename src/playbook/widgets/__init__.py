"""ipywidgets views over the engines and the knowledge base; no business logic here."""
