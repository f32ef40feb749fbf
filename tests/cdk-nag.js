#!/usr/bin/env node
// cdk-nag.js - AWS's cdk-nag rule packs (AwsSolutions and Serverless) over
// CloudFormation templates, each read through aws-cdk-lib's CfnInclude.
//
//     node cdk-nag.js SUPPRESSIONS TEMPLATE...
//
// SUPPRESSIONS holds one suppression per line: a finding's rule (as cdk-nag
// names it, with its finding ID: AwsSolutions-IAM5[Resource::*]), a glob
// over logical IDs (* matches any run of characters), and the reason; '#'
// starts a comment. Prints one line per template,
//     TEMPLATE <tab> ok|fail <tab> what
// where fail lists each finding that no suppression covers, and a last line
//     suppressions <tab> ok|fail <tab> what
// that fails when a suppression covers no finding of any template (so the
// file cannot go stale). Exit status 0 when every line is ok.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const cdk = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const nag = require('cdk-nag');

function readSuppressions(file) {
  const out = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const text = line.replace(/#.*/, '').trim();
    if (!text)
      return;
    const [rule, glob, ...why] = text.split(/\s+/);
    if (!glob || !why.length)
      throw new Error(`${file}:${i + 1}: want RULE LOGICAL-ID-GLOB REASON`);
    const re = new RegExp('^' + glob.split('*').map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    out.push({ line: i + 1, rule, glob, re, used: 0 });
  });
  return out;
}

// The findings of both packs on TEMPLATE: [{rule, id, level, description}].
function findings(template) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-nag-'));
  try {
    const app = new cdk.App({ outdir });
    const stack = new cdk.Stack(app, 'Nag');
    new CfnInclude(stack, 'T', { templateFile: template });
    cdk.Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
    cdk.Validations.of(app).addPlugins(new nag.ServerlessChecks(app));
    const log = console.error;
    console.error = () => {}; // the packs print every finding; the report holds them
    try {
      app.synth();
    } catch (e) {
      if (!fs.existsSync(path.join(outdir, 'validation-report.json')))
        throw e;
    } finally {
      console.error = log;
    }
    const report = path.join(outdir, 'validation-report.json');
    if (!fs.existsSync(report))
      return [];
    const out = [];
    for (const p of JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports)
      for (const v of p.violations)
        for (const c of v.violatingConstructs)
          out.push({ rule: v.ruleName, id: c.constructPath.split('/').pop(), level: v.severity,
                     description: v.description });
    return out;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function main(argv) {
  if (argv.length < 2) {
    console.error('usage: cdk-nag.js SUPPRESSIONS TEMPLATE...');
    return 2;
  }
  const sups = readSuppressions(argv[0]);
  let ok = true;
  for (const t of argv.slice(1)) {
    const fs_ = findings(t);
    const open = [];
    for (const f of fs_) {
      const s = sups.find(s => s.rule === f.rule && s.re.test(f.id));
      if (s)
        s.used++;
      else
        open.push(`${f.level} ${f.rule} on ${f.id}: ${f.description}`);
    }
    ok = ok && !open.length;
    console.log(`${t}\t${open.length ? 'fail' : 'ok'}\t${open.length ? open.join(' | ')
      : `${fs_.length} findings, each suppressed with its reason`}`);
  }
  const stale = sups.filter(s => !s.used);
  ok = ok && !stale.length;
  console.log(`suppressions\t${stale.length ? 'fail' : 'ok'}\t${stale.length
    ? 'covering no finding: ' + stale.map(s => `line ${s.line} (${s.rule} ${s.glob})`).join(', ')
    : `all ${sups.length} cover a finding`}`);
  return ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
