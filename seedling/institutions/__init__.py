"""Institutions and service points: child welfare institutions, minor protection centres, county
guidance centres, township stations and village children's homes (儿童之家)."""
