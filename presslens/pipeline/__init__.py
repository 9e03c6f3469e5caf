from presslens.pipeline.registry import ENGLISH_ONLY, StageInfo, expand_only, lookup, resolve, stage
from presslens.pipeline.runner import Pipeline

__all__ = ["ENGLISH_ONLY", "Pipeline", "StageInfo", "expand_only", "lookup", "resolve", "stage"]
