// The flow a porteur's frontend drives, with this client only, through the gateway at FABRIQUES_GATEWAY: register a
// place, draft a candidature, submit it; an instructeur examines and rejects it; the porteur reads the decision.
// Prints one JSON line of what it saw. Run by the end-to-end test TypeScriptClientTests (the wave is open already).
import { createFabriquesClient, developmentToken, type Schemas } from '../src/index.js';

const baseUrl = required('FABRIQUES_GATEWAY');
const run = required('FABRIQUES_RUN');
const patienceMs = 60_000;

const porteur = createFabriquesClient({ baseUrl, token: await developmentToken(baseUrl, { sub: `porteur-ts-${run}`, roles: ['porteur'] }) });
const instructeur = createFabriquesClient({
  baseUrl,
  token: await developmentToken(baseUrl, { sub: `instructeur-ts-${run}`, roles: ['instructeur'] }),
});

const place = ok(await porteur.directory.POST('/api/directory/places', {
  body: {
    name: `La Fabrique typée ${run}`,
    pivot: '73282932000074',
    address: { street: '2 lotissement les micocouliers', postalCode: '04350', inseeCode: '04111', commune: 'Malijai' },
  },
}), 'register the place');

const draft: Schemas['candidature']['CandidatureResponse'] = ok(await porteur.candidatures.POST('/api/candidatures', {
  body: {
    placeId: place.id,
    applicant: {
      organisationName: 'Association ECE 04', pivot: '73282932000074', legalStatus: 'association',
      // The address the porteur's token proves: the only one a candidature may send e-mails to.
      contactName: 'Camille Martin', contactEmail: `porteur-ts-${run}@example.org`,
    },
    project: {
      title: `Fabrique de territoire : ${place.name}`, summary: 'Un tiers-lieu ressource pour la vallée.',
      services: ['fablab'], partners: ['Communauté d\'agglomération'], jobsFte: 1.5,
    },
    territory: { kind: 'outside-large-urban-centres' },
    digital: false,
    funding: { amountPerYear: 40_000, durationYears: 2 },
  },
}), 'draft the candidature');
const id = { params: { path: { id: draft.id } } };

// The candidature service learns of the place from its event: until then, submitting is refused.
let refusal = '';
const submitted = await poll(async () => {
  const result = await porteur.candidatures.POST('/api/candidatures/{id}/submit', id);
  refusal = `${result.response.status} ${JSON.stringify(result.error)}`;
  return result.data;
}, () => `submit the candidature: last answer ${refusal}`);

ok(await instructeur.candidatures.POST('/api/candidatures/{id}/review', id), 'start the review');
const motivation = 'Le modèle économique ne garantit pas la pérennité du lieu.';
ok(await instructeur.candidatures.POST('/api/candidatures/{id}/decision', {
  ...id,
  body: { decision: 'rejected', motivation, score: 35.5 },
}), 'decide');

const read = ok(await porteur.candidatures.GET('/api/candidatures/{id}', id), 'read the decision');
// Assignments are entries too (from and to the same state): the decision is the last move.
const moves = read.history.filter((entry) => entry.from !== entry.to);
const decision = moves.at(-1);
console.log(JSON.stringify({
  placeId: place.id,
  candidatureId: read.id,
  submittedState: submitted.state,
  state: read.state,
  decisionMotivation: decision?.motivation ?? null,
  moves: moves.map((entry) => entry.to),
}));

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/** The answer's data, or an error naming the step, the status and the problem the API answered. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, step: string): T {
  if (result.data === undefined) {
    throw new Error(`${step}: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

/** Calls <attempt> until it gives a value, for at most patienceMs. */
async function poll<T>(attempt: () => Promise<T | undefined>, failure: () => string): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`still refused after ${patienceMs} ms: ${failure()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
