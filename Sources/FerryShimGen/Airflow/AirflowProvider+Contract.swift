extension AirflowProvider {
    /// `ferry_provider/contract.py`: the contract's names and codes as Python constants, which the
    /// hand-written runtime reads instead of spelling them itself.
    var contractModule: String {
        var text = banner + """
        \"\"\"The Ferry contract v\(contract.contractVersion) as the provider uses it (Docs/contract.md, Docs/exit-codes.md).

        Generated from the JSON Schemas that ``ferry contract`` prints and from the binary's exit codes.
        \"\"\"

        from __future__ import annotations

        CONTRACT_VERSION = \(contract.contractVersion)
        \"\"\"The ``contract_version`` of the requests the operator builds.\"\"\"

        FERRY_VERSION = \(PythonText.string(contract.ferryVersion))
        \"\"\"The Ferry version this provider was generated from.\"\"\"


        """
        text += PythonText.assignment("REQUEST_MEMBERS", tuple: contract.requestMembers.map(\.name))
        text += "\"\"\"The request's top-level members besides ``contract_version``: the operator's arguments.\"\"\"\n\n"
        text += PythonText.assignment("MODES", tuple: contract.modes)
        text += "\"\"\"Load modes (``mode``).\"\"\"\n\n"
        text += PythonText.assignment("SOURCE_KINDS", tuple: contract.sources.map(\.kind))
        text += "\"\"\"Source endpoint kinds (``source.kind``).\"\"\"\n\n"
        text += PythonText.assignment("TARGET_KINDS", tuple: contract.targets.map(\.kind))
        text += "\"\"\"Target endpoint kinds (``target.kind``).\"\"\"\n\n"
        text += membersTable("SOURCE_MEMBERS", contract.sources)
        text += "\"\"\"The members each kind of source object may hold.\"\"\"\n\n"
        text += membersTable("TARGET_MEMBERS", contract.targets)
        text += "\"\"\"The members each kind of target object may hold.\"\"\"\n\n"
        text += PythonText.assignment("EVENT_TYPES", tuple: contract.eventTypes)
        text += "\"\"\"Every event ``type`` on ferry's stdout; other types may appear within v\(contract.contractVersion) and are ignored.\"\"\"\n\n"
        text += PythonText.assignment("RESULT_EVENT_TYPES", tuple: contract.resultEventTypes)
        text += "\"\"\"The event types of the last line of a run: its result.\"\"\"\n\n"
        text += "ERROR_CATEGORIES = {\n"
        for code in contract.errorCodes {
            text += "    \(PythonText.string(code.code)): \(PythonText.string(code.category)),\n"
        }
        text += "}\n\"\"\"Each error code's category; a code not listed here is judged by the category in the error.\"\"\"\n\n"
        text += "EXIT_CODES = {\n"
        for rule in contract.exitCodes {
            text += "    \(rule.status): \(PythonText.string(rule.name)),\n"
        }
        text += "}\n\"\"\"The documented exit codes of ``ferry`` and their names.\"\"\"\n\n"
        let never = contract.exitCodes.filter { $0.retry == .never }.map { String($0.status) }
        text += "NEVER_RETRY_EXIT_CODES = frozenset({\(never.joined(separator: ", "))})\n"
        text += "\"\"\"Exit codes after which the same request must not run again: the request or the data must change.\"\"\"\n\n"
        let success = contract.exitCodes.filter { $0.retry == .notFailed }.map { String($0.status) }
        text += "SUCCESS_EXIT_CODES = frozenset({\(success.joined(separator: ", "))})\n"
        text += "\"\"\"Exit codes of a run that completed.\"\"\"\n"
        return text
    }

    private func membersTable(_ name: String, _ endpoints: [ShimContract.Endpoint]) -> String {
        var text = name + " = {\n"
        for endpoint in endpoints {
            let line = "    \(PythonText.string(endpoint.kind)): \(PythonText.tuple(endpoint.members)),"
            if line.count <= PythonText.width {
                text += line + "\n"
            } else {
                text += "    \(PythonText.string(endpoint.kind)): (\n"
                text += endpoint.members.map { "        \(PythonText.string($0)),\n" }.joined()
                text += "    ),\n"
            }
        }
        return text + "}\n"
    }
}
