import sys

from op_platform.cli import main

sys.exit(main())
