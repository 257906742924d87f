extension AirflowProvider {
    /// `ferry_provider/operators/ferry.py`: `FerryOperator`, whose keyword-only arguments are the
    /// request's members (from the request schema) plus the operator's own; its methods hand over to
    /// the hand-written `ferry_provider.runtime.execution`.
    var operatorModule: String {
        let members = contract.requestMembers
        var text = banner + """
        \"\"\"FerryOperator: one Ferry load as an Airflow task.

        The arguments that mirror the request are generated from the request schema of contract
        v\(contract.contractVersion); what the operator does lives in the hand-written package
        ``\(Self.package).runtime``.
        \"\"\"

        from __future__ import annotations

        from typing import TYPE_CHECKING, Any, ClassVar, Mapping, Sequence

        from \(Self.package).runtime import execution
        from \(Self.package).runtime.compat import BaseOperator

        if TYPE_CHECKING:
            from \(Self.package).runtime.compat import Context


        class FerryOperator(BaseOperator):

        """
        text += classDocstring
        text += "\n"
        let templated = members.map(\.name) + Self.operatorArguments.filter(\.templated).map(\.name)
        text += PythonText.assignment("template_fields: Sequence[str]", tuple: templated, indent: "    ")
        text += "    template_fields_renderers: ClassVar[dict[str, str]] = {\n"
        // Template fields that hold structured values are shown rendered as JSON.
        let structured = members.filter { $0.shape == .object || $0.shape == .array }.map(\.name)
            + Self.operatorArguments.filter { $0.templated && $0.isMapping }.map(\.name)
        for name in structured {
            text += "        \(PythonText.string(name)): \"json\",\n"
        }
        text += "    }\n"
        text += "    shallow_copy_attrs: Sequence[str] = (\"_ferry_run\",)\n"
        text += "    ui_color = \"#d8ecf3\"\n\n"

        text += "    def __init__(\n        self,\n        *,\n"
        for member in members {
            text += "        \(member.name): \(Self.annotation(member.shape)) = None,\n"
        }
        for argument in Self.operatorArguments {
            text += "        \(argument.name): \(argument.annotation) = \(argument.defaultValue),\n"
        }
        text += "        **kwargs: Any,\n    ) -> None:\n        super().__init__(**kwargs)\n"
        for name in members.map(\.name) + Self.operatorArguments.map(\.name) {
            text += "        self.\(name) = \(name)\n"
        }
        text += "        self._ferry_run: Any = None\n\n"

        text += """
            def request_members(self) -> dict[str, Any]:
                \"\"\"The request members given as arguments (after templating), by their contract names.\"\"\"
                return {

        """
        for member in members {
            text += "            \(PythonText.string(member.name)): self.\(member.name),\n"
        }
        text += "        }\n\n"
        text += """
            def execute(self, context: Context) -> dict[str, Any]:
                \"\"\"Run ferry with the request on stdin and return the result event (the XCom value).\"\"\"
                return execution.execute(self, context)

            def on_kill(self) -> None:
                \"\"\"Terminate ferry's process group: the run rolls back and reports ABORT.\"\"\"
                execution.on_kill(self)

            def get_openlineage_facets_on_complete(self, task_instance: Any) -> Any:
                \"\"\"The run's inputs and outputs, from its result's lineage (Airflow's OpenLineage provider).\"\"\"
                return execution.openlineage_facets(self)

            def get_openlineage_facets_on_failure(self, task_instance: Any) -> Any:
                \"\"\"The failed run's inputs and outputs, from its result's lineage, when it has a result.\"\"\"
                return execution.openlineage_facets(self)

        """
        return text
    }

    /// The class docstring: every request member with the schema's description, the endpoint kinds,
    /// the operator's own arguments, and what the task returns and raises.
    private var classDocstring: String {
        let v = contract.contractVersion
        var doc = "    \"\"\"Run one Ferry load (``ferry run``, contract v\(v)) and return its result as the XCom value.\n\n"
        doc += PythonText.wrap(
            PythonText.docstring("The request is built from the request-member arguments that are not None, over request= when it is given; Ferry gives every member left out its documented default (Docs/contract.md). Every request member, request, conn_id, source_conn_id, env and cwd are template fields, so paths, tables and SQL queries inside them can use Jinja."),
            first: "    ", rest: "    ")
        doc += "\n    Request members (contract v\(v)):\n\n"
        for member in contract.requestMembers {
            var help = member.description
            if !member.choices.isEmpty { help += " Values: " + member.choices.joined(separator: ", ") + "." }
            doc += PythonText.wrap(PythonText.docstring(help), first: "    :param \(member.name): ", rest: "        ")
        }
        doc += "\n    Endpoint kinds (``kind`` in ``source`` and ``target``) and their members:\n\n"
        for (role, endpoints) in [("source", contract.sources), ("target", contract.targets)] {
            for endpoint in endpoints {
                let line = "\(role) \(endpoint.kind) (\(endpoint.title)): " + endpoint.members.joined(separator: ", ")
                doc += PythonText.wrap(PythonText.docstring(line), first: "    - ", rest: "      ")
            }
        }
        doc += "\n    Operator arguments:\n\n"
        for argument in Self.operatorArguments {
            doc += PythonText.wrap(PythonText.docstring(argument.help), first: "    :param \(argument.name): ", rest: "        ")
        }
        doc += "\n"
        doc += PythonText.wrap(
            PythonText.docstring("Airflow integration (ferry_provider.runtime; see integrations/airflow/README.md): when Airflow's OpenLineage provider is configured, ferry gets the same transport and namespace, and its job name defaults to dag_id.task_id; the result's datasets become the task's inlets and outlets as Airflow Assets, so DAGs scheduled on them run; a mapped instance is labelled with its source (map_index_template); ferry's error lines are logged at ERROR. FerryHook runs the same load from @task code."),
            first: "    ", rest: "    ")
        let never = contract.exitCodes.filter { $0.retry == .never }.map { "\($0.status) (\($0.name))" }
        doc += "\n"
        doc += PythonText.wrap(
            PythonText.docstring("A failed run raises FerryRunError, an AirflowException that carries the error's code, category, stage, message and retryable flag and the whole result. It is a FerryRunFatalError, an AirflowFailException that Airflow never retries, when the exit code is one of \(never.joined(separator: ", ")) or the error is not retryable; otherwise the task's retries apply."),
            first: "    ", rest: "    ")
        doc += "    \"\"\"\n"
        return doc
    }

    /// The Python annotation of a request member's argument.
    static func annotation(_ shape: ShimContract.RequestMember.Shape) -> String {
        switch shape {
        case .object: "Mapping[str, Any] | None"
        case .array: "Sequence[Any] | None"
        case .string: "str | None"
        case .integer: "int | None"
        case .number: "float | None"
        case .boolean: "bool | None"
        case .any: "Any"
        }
    }
}
