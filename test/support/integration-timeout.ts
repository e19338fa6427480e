// Integration tests start real hubs and databases; jest's 5 s default is for unit tests.
jest.setTimeout(60_000);
