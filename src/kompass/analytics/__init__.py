"""Pure computation: no Django, no ORM, no HTTP. Functions take plain data or Polars
frames and return dataclasses, so the web, the command line and the reports share them
and tests run without a database."""
