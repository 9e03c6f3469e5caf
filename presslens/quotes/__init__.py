"""Quote attribution: cue lexicon and classifier, dependency rules, speaker and medium resolution."""
