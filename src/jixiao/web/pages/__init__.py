"""The workbench's page routes, one module per page (see :mod:`jixiao.web`)."""
