"""Wire models of the NEF mock: request bodies of the four 3GPP northbound APIs it serves,
validated strictly (types, patterns, required members), unknown members kept as sent."""
