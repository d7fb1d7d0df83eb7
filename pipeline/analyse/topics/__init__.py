"""The topics: one module per subject of the contract (the register, risks, the checks, the
survey, town and parish councils, changes, the trend), each building its tables from the
validated sheets. A topic imports only the shared definitions and the topics below it."""
