"""Entry point for ``spark-submit`` (which runs a file, not a module): the ``presslens spark`` job.

    spark-submit --archives presslens-env.tar.gz#env --conf spark.pyspark.python=./env/bin/python \\
        scripts/spark_job.py INPUT... --output DIR

Kept outside the package: run as a script, a file inside ``presslens/`` would put that folder
first on ``sys.path`` (where ``presslens/http`` would shadow the standard library's ``http``).
"""

import sys

from presslens.spark import main

if __name__ == "__main__":
    sys.exit(main())
