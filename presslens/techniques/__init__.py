"""Persuasion techniques: sentences, the v4 transformer span tagger, its decoding and calibration, and the kept v1-v3 CRF models."""
