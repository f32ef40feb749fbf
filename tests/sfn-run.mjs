// sfn-run.mjs - runs generated ASL in aws-local-stepfunctions with mocked
// task results, and checks each run of a scenario file: the states entered,
// in order, the input every mocked task received, the final status, error
// and (part of) the output. Prints TAP lines without a plan; sfn-run.sh
// counts them.
//
//   node sfn-run.mjs NODE_MODULES SCENARIO.json BUILD_DIR
//
// A scenario names a definition under BUILD_DIR and its runs:
//   { "definition": "event-driven/prod/stepfunctions/fulfil-order.asl.json",
//     "runs": [ { "name": "...", "input": {...},
//                 "mocks": { "STATE": [ {"return": X} | {"throw": "Error.Name"} ... ] },
//                 "expect": { "status": "SUCCEEDED" | "FAILED", "error": "...",
//                             "states": ["validate", ...],
//                             "calls": { "STATE": [ input1, input2 ... ] },
//                             "output": { ... }, "output_exact": ... } } ] }
// A mock's list is used in call order; its last entry answers any later
// call. A task without a mock fails the run (States.Runtime), so every task
// a run reaches is named. Each mock returns what the AWS integration
// returns: a plain invoke (Resource ${...FunctionArn}) the function's own
// result, a .waitForTaskToken task what the receiver sends back.
// "calls" compares each input exactly; "output" compares the keys it names,
// "output_exact" the whole output.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [modules, scenarioFile, buildDir] = process.argv.slice(2);

// aws-local-stepfunctions declares Node >= 22 for Promise.withResolvers,
// the one newer API it uses; this stand-in lets it run on Node 20.
if (!Promise.withResolvers) {
	Promise.withResolvers = function withResolvers() {
		let resolve, reject;
		const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
		return { promise, resolve, reject };
	};
}
const require = createRequire(path.join(modules, 'noop.js'));
const { StateMachine } = require('aws-local-stepfunctions');

let failures = 0;
const ok = (what) => console.log(`ok - ${what}`);
const notOk = (what, lines) => {
	failures++;
	console.log(`not ok - ${what}`);
	for (const l of lines)
		console.log(`# ${l}`);
};

// Every state of a definition, branches and map iterations too.
function stateNames(def, out = []) {
	for (const [name, st] of Object.entries(def.States || {})) {
		out.push(name);
		for (const b of st.Branches || [])
			stateNames(b, out);
		if (st.ItemProcessor)
			stateNames(st.ItemProcessor, out);
		if (st.Iterator)
			stateNames(st.Iterator, out);
	}
	return out;
}

function deepEqual(a, b) {
	return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

function canon(v) {
	if (Array.isArray(v))
		return v.map(canon);
	if (v && typeof v === 'object')
		return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]));
	return v;
}

function taskError(name, cause) {
	const e = new Error(cause || name);
	e.name = name;
	return e;
}

function mocksFor(run, calls) {
	const handlers = {};
	for (const [state, answers] of Object.entries(run.mocks || {})) {
		calls[state] = [];
		handlers[state] = async (input) => {
			calls[state].push(JSON.parse(JSON.stringify(input)));
			const a = answers[Math.min(calls[state].length, answers.length) - 1];
			if (a.throw)
				throw taskError(a.throw, a.cause);
			return a.return;
		};
	}
	return handlers;
}

async function runOne(def, run) {
	const calls = {};
	const names = stateNames(def);
	const noWait = Object.fromEntries(names.map((n) => [n, 0]));
	const handlers = mocksFor(run, calls);
	// a task nobody mocked would call AWS: fail it instead
	for (const n of names)
		if (!handlers[n])
			handlers[n] = async () => { throw taskError('Test.Unmocked', `task '${n}' has no mock`); };
	const machine = new StateMachine(def, { validationOptions: { checkPaths: true } });
	const execution = machine.run(run.input, {
		overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: noWait, waitTimeOverrides: noWait },
		context: { Task: { Token: 'token-1' } },
	});
	const entered = [];
	const logging = (async () => {
		for await (const ev of execution.eventLogs)
			if (ev.type === 'StateEntered')
				entered.push(ev.state.name);
	})();
	let status = 'SUCCEEDED', output = null, error = null;
	try {
		output = await execution.result;
	} catch (e) {
		status = 'FAILED';
		error = e.cause ? e.cause.name : e.name;
		output = e.cause ? e.cause.message : e.message;
	}
	await logging;
	return { status, output, error, entered, calls };
}

function check(run, got) {
	const x = run.expect, bad = [];
	if (x.status && got.status !== x.status)
		bad.push(`status ${got.status} (${got.error || ''}: ${JSON.stringify(got.output)}), expected ${x.status}`);
	if (x.error && got.error !== x.error)
		bad.push(`error ${got.error}, expected ${x.error}`);
	if (x.states && !deepEqual(got.entered, x.states))
		bad.push(`states ${JSON.stringify(got.entered)}`, `expected ${JSON.stringify(x.states)}`);
	for (const [state, inputs] of Object.entries(x.calls || {})) {
		if (!deepEqual(got.calls[state] || [], inputs))
			bad.push(`${state} received ${JSON.stringify(got.calls[state] || [])}`,
				 `expected ${JSON.stringify(inputs)}`);
	}
	if ('output_exact' in x && !deepEqual(got.output, x.output_exact))
		bad.push(`output ${JSON.stringify(got.output)}, expected exactly ${JSON.stringify(x.output_exact)}`);
	for (const [k, v] of Object.entries(x.output || {})) {
		if (!got.output || typeof got.output !== 'object' || !deepEqual(got.output[k], v))
			bad.push(`output.${k} is ${JSON.stringify(got.output && got.output[k])}, expected ${JSON.stringify(v)}`);
	}
	return bad;
}

const scenario = JSON.parse(fs.readFileSync(scenarioFile, 'utf8'));
const defFile = path.join(buildDir, scenario.definition);
const label = path.basename(scenarioFile, '.json');
let def;
try {
	def = JSON.parse(fs.readFileSync(defFile, 'utf8'));
} catch (e) {
	notOk(`${label}: reads ${scenario.definition}`, [e.message]);
	process.exit(1);
}
for (const run of scenario.runs) {
	const what = `${label}: ${run.name}`;
	try {
		const bad = check(run, await runOne(def, run));
		if (bad.length)
			notOk(what, bad);
		else
			ok(what);
	} catch (e) {
		notOk(what, [String(e && e.stack || e)]);
	}
}
process.exit(failures ? 1 : 0);
