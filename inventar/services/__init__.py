"""Operations on the data: the only layer that runs queries.  No Qt here."""
