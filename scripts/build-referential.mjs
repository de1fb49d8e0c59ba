#!/usr/bin/env node
// Builds data/referential/france.json.gz, the national territory referential bundled with
// mutu, from the official open data shipped in the npm package
// @etalab/decoupage-administratif (INSEE COG, DGCL list of EPCI, Licence Ouverte 2.0).
//
// Usage: node scripts/build-referential.mjs DATA_DIR OUT_FILE
//   DATA_DIR: the package's data/ folder (see scripts/build-referential.sh)
//
// The output keeps the package's own record shapes (so that `mutu territory import DIR` on the
// package's folder and the bundled file go through the same reader), trimmed to the fields mutu
// uses: current communes only, no postal codes. A commune keeps its SIREN (`siren`): an agent
// signing in with ProConnect carries their organisation's SIRET, whose first nine digits lead
// mutu to the commune.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [dataDir, outFile] = process.argv.slice(2);
if (!dataDir || !outFile) {
  console.error('usage: build-referential.mjs DATA_DIR OUT_FILE');
  process.exit(2);
}
const read = (name) => JSON.parse(fs.readFileSync(path.join(dataDir, `${name}.json`), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(dataDir, '..', 'package.json'), 'utf8'));
const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));

const regions = read('regions').map((r) => pick(r, ['code', 'nom', 'zone']));
const departements = read('departements').map((d) => pick(d, ['code', 'region', 'nom', 'zone']));
const epci = read('epci').map((e) => ({
  ...pick(e, ['code', 'nom', 'type', 'populationMunicipale']),
  membres: e.membres.map((m) => ({ code: m.code })),
}));
const communes = read('communes')
  .filter((c) => c.type === 'commune-actuelle')
  .map((c) => pick(c, ['code', 'nom', 'type', 'departement', 'region', 'zone', 'population', 'siren']));

const bundle = {
  source: {
    package: `${pkg.name}@${pkg.version}`,
    producers: 'INSEE (Code officiel géographique, populations légales), DGCL (liste et composition des EPCI à fiscalité propre)',
    licence: 'Licence Ouverte / Open Licence 2.0 (Etalab)',
    licence_url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
  },
  regions,
  departements,
  epci,
  communes,
};
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, zlib.gzipSync(Buffer.from(JSON.stringify(bundle)), { level: 9 }));
console.log(`${outFile}: ${regions.length} régions, ${departements.length} départements, ${epci.length} EPCI, ${communes.length} communes`);
