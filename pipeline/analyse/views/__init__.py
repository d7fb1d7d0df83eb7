"""The views: the report tables arranged for a reader (the pages of the PDFs, each officer's
own list, the public edition's data without the exempt rows). They import topics and
summaries; nothing in analyse imports them."""
