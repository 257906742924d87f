// ferry-serve: the team server (Docs/serve.md). Commands are in FerryServeCommand.
await FerryServeCommand.main()
