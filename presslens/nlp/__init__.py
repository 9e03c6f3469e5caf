"""NLP helpers behind the entity and relation stages: names, gazetteer, acronyms, coreference."""
