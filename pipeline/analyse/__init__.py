"""analyse: pure functions from the validated dataset to the named report tables.

Three layers, each importing only those below it (tests/test_layers.py checks):

- `topics/`: one module per subject of the contract, building its tables from the sheets;
- `summaries/`: tables read across topics (Summary, key messages, at a glance, the board's
  papers);
- `views/`: the tables arranged for a reader (the PDFs' pages, officers' lists, the public
  edition's data).

Beneath them, `definitions` (what every layer shares) and `registry` (how a table is
declared: `@table` beside its function, its parameters its inputs); above the summaries,
`tables`, which orders the sheets of report-data.xlsx and builds every table once
(`report_tables`). Every number in a PDF comes from one of those tables.
"""
