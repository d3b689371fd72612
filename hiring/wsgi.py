"""The WSGI entry of a production server: ``gunicorn hiring.wsgi:app``.

Each web worker process builds the app once and warms the PDF renderer (fonts, Pango, the
print stylesheet) before it takes its first request, so the first profile a user downloads
is not slower than the next (measured by ``benchmarks/pdf.py``). The session cookie is sent
over HTTPS only (``HIRING_SESSION_COOKIE_SECURE=false`` for a server reached by plain http).
What start-up made is then moved out of the garbage collector's sight (``gc.freeze``): it
lives as long as the process, and the collector need not walk it again and again while
requests run.
"""

from __future__ import annotations

import gc

from hiring.app import create_app
from hiring.reports.pdf import warm_up

app = create_app(production=True)
warm_up()
gc.collect()
gc.freeze()
