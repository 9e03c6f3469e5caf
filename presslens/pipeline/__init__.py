from presslens.pipeline.registry import StageInfo, expand_only, lookup, resolve, stage
from presslens.pipeline.runner import Pipeline

__all__ = ["Pipeline", "StageInfo", "expand_only", "lookup", "resolve", "stage"]
