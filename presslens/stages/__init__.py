"""Pipeline stages.  Each module registers its stages with :func:`presslens.pipeline.stage`."""
