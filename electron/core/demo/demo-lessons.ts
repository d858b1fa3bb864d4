import type { Card, Lesson } from '../../../common/contracts/lesson';

/** Hashes of the demo media files by file name (see demo-media.ts). */
export type MediaHashes = (fileName: string) => string;

type Option = [id: string, text: string, correct: boolean, feedback: string];

function check(id: string, itemId: string, mode: 'single' | 'multiple', question: string, options: Option[], explanation?: string): Card {
  return {
    kind: 'check',
    id,
    itemId,
    mode,
    question,
    options: options.map(([optionId, text, correct, feedback]) => ({ id: optionId, text, correct, feedback })),
    ...(explanation ? { explanation } : {}),
  };
}

const text = (id: string, markdown: string): Card => ({ kind: 'text', id, markdown });

function base(id: string, language: string, title: string, summary: string, durationMinutes: number, cards: Card[], extra: Partial<Lesson> = {}): Lesson {
  return {
    id,
    version: 1,
    language,
    title,
    summary,
    durationMinutes,
    skills: [],
    roles: [],
    stations: [],
    prerequisites: [],
    recertifyAfterDays: null,
    tags: ['demo'],
    cards,
    ...extra,
  };
}

function pressPinchPoints(m: MediaHashes): Lesson[] {
  const target = { roles: ['press-operator'], stations: ['press-line-4'], skills: ['press-safety'], recertifyAfterDays: 365 };
  return [
    base('press-pinch-points', 'en', 'Press line pinch points', 'Where hands get caught on the press, and how the guards protect you.', 3, [
      text('intro', '## Pinch points\nA **pinch point** is any place where a moving part meets a fixed one. On the press line the worst one is between the **ram and the die**.\n\nThe press closes with many tonnes of force. A glove will not stop it.'),
      { kind: 'image', id: 'diagram', media: m('pinch-points.svg'), alt: 'Diagram of the press ram above the die with the pinch point between them and a light curtain on both sides', caption: 'The light curtain stops the ram when anything breaks the beam.' },
      { kind: 'video', id: 'guard-video', media: m('press-guard-demo.webm'), mimeType: 'video/webm', captions: m('press-guard-demo.en.vtt'), captionsLanguage: 'en', caption: 'Watch the ram cross the work zone.' },
      text('rules', '### Three rules\n1. Load and unload parts with the **two-hand controls** only.\n2. Never reach past the light curtain while the press is running.\n3. A part stuck in the die? **Stop, lock out, then clear it.**'),
      check('q-reach', 'press-pinch-reach', 'single', 'A part is stuck in the die while the press is cycling. What do you do first?', [
        ['a', 'Reach in quickly between strokes', false, 'Never: the next stroke can start before your hand is out.'],
        ['b', 'Stop the press and lock it out before clearing the part', true, 'Right: stop, lock out, then clear.'],
        ['c', 'Use a glove to push the part free', false, 'A glove gives no protection against the press force.'],
      ]),
      check('q-guards', 'press-pinch-guards', 'multiple', 'Which of these protect you from the press pinch point? Choose all that apply.', [
        ['a', 'The light curtain', true, 'Yes: breaking the beam stops the ram.'],
        ['b', 'Two-hand controls', true, 'Yes: both hands are on the buttons, away from the die.'],
        ['c', 'Working faster', false, 'Speed adds risk; it never protects you.'],
        ['d', 'Cut-resistant gloves', false, 'Gloves help against sharp edges, not against crushing force.'],
      ]),
    ], target),
    base('press-pinch-points', 'es', 'Puntos de atrapamiento en la prensa', 'Dónde se atrapan las manos en la prensa y cómo te protegen los resguardos.', 3, [
      text('intro', '## Puntos de atrapamiento\nUn **punto de atrapamiento** es cualquier lugar donde una pieza móvil se junta con una fija. En la línea de prensas el peor está entre el **carro y la matriz**.\n\nLa prensa cierra con muchas toneladas de fuerza. Un guante no la detiene.'),
      { kind: 'image', id: 'diagram', media: m('pinch-points.svg'), alt: 'Diagrama del carro de la prensa sobre la matriz, con el punto de atrapamiento entre ambos y una cortina de luz a cada lado', caption: 'La cortina de luz detiene el carro cuando algo corta el haz.' },
      { kind: 'video', id: 'guard-video', media: m('press-guard-demo.webm'), mimeType: 'video/webm', captions: m('press-guard-demo.es.vtt'), captionsLanguage: 'es', caption: 'Observa cómo el carro cruza la zona de trabajo.' },
      text('rules', '### Tres reglas\n1. Carga y descarga piezas solo con los **mandos a dos manos**.\n2. Nunca metas la mano tras la cortina de luz con la prensa en marcha.\n3. ¿Una pieza atascada en la matriz? **Para, bloquea y después retírala.**'),
      check('q-reach', 'press-pinch-reach', 'single', 'Una pieza se atasca en la matriz con la prensa en ciclo. ¿Qué haces primero?', [
        ['a', 'Meter la mano rápido entre golpes', false, 'Nunca: el siguiente golpe puede empezar antes de que saques la mano.'],
        ['b', 'Parar la prensa y bloquearla antes de retirar la pieza', true, 'Correcto: parar, bloquear y después retirar.'],
        ['c', 'Empujar la pieza con un guante', false, 'Un guante no protege contra la fuerza de la prensa.'],
      ]),
      check('q-guards', 'press-pinch-guards', 'multiple', '¿Qué te protege del punto de atrapamiento de la prensa? Elige todas las correctas.', [
        ['a', 'La cortina de luz', true, 'Sí: al cortar el haz se detiene el carro.'],
        ['b', 'Los mandos a dos manos', true, 'Sí: las dos manos están en los botones, lejos de la matriz.'],
        ['c', 'Trabajar más rápido', false, 'La prisa aumenta el riesgo; nunca protege.'],
        ['d', 'Guantes anticorte', false, 'Los guantes protegen de los bordes cortantes, no del aplastamiento.'],
      ]),
    ], target),
  ];
}

function ppeCheck(m: MediaHashes): Lesson[] {
  const extra = { skills: ['ppe'] };
  return [
    base('ppe-check', 'en', 'Your PPE check before the shift', 'Four things to check on yourself before you step onto the floor.', 2, [
      text('intro', '## Check yourself in 30 seconds\nPersonal protective equipment only works when it is **on, fitted and undamaged**. Check it at the start of every shift.'),
      { kind: 'image', id: 'ppe', media: m('ppe-check.svg'), alt: 'Worker wearing safety glasses, ear plugs, gloves and safety shoes, each numbered 1 to 4' },
      text('damage', `### Replace, don't repair\nCracked lenses, torn gloves or shoes with a split toe cap go in the bin. Get new ones from the PPE cabinet by the time clock.\n\n![The four PPE items](media:${m('ppe-check.svg')})`),
      check('q-glasses', 'ppe-cracked-glasses', 'single', 'Your safety glasses have a small crack. What do you do?', [
        ['a', 'Keep wearing them until the end of the week', false, 'A cracked lens can shatter on impact: replace it now.'],
        ['b', 'Get a new pair from the PPE cabinet before starting', true, 'Right: damaged PPE is replaced, not repaired.'],
        ['c', 'Tape the crack', false, 'Tape hides the damage but does not restore protection.'],
      ]),
      check('q-items', 'ppe-press-area', 'multiple', 'Which PPE is required in the press area? Choose all that apply.', [
        ['a', 'Safety glasses', true, 'Yes: flying fragments are a risk near the press.'],
        ['b', 'Hearing protection', true, 'Yes: press noise is above 85 dB.'],
        ['c', 'Safety shoes', true, 'Yes: dropped parts and pallets.'],
        ['d', 'A dust mask', false, 'Not required in the press area unless a task card says so.'],
      ]),
    ], extra),
    base('ppe-check', 'es', 'Tu revisión de EPP antes del turno', 'Cuatro cosas que revisar antes de entrar en planta.', 2, [
      text('intro', '## Revísate en 30 segundos\nEl equipo de protección individual solo funciona si está **puesto, ajustado y sin daños**. Revísalo al empezar cada turno.'),
      { kind: 'image', id: 'ppe', media: m('ppe-check.svg'), alt: 'Trabajador con gafas de seguridad, tapones, guantes y calzado de seguridad, numerados del 1 al 4' },
      text('damage', '### Se cambia, no se repara\nLentes rotas, guantes rasgados o calzado con la puntera abierta van a la basura. Pide nuevos en el armario de EPP junto al reloj de fichar.'),
      check('q-glasses', 'ppe-cracked-glasses', 'single', 'Tus gafas de seguridad tienen una pequeña grieta. ¿Qué haces?', [
        ['a', 'Seguir usándolas hasta el fin de semana', false, 'Una lente agrietada puede romperse con un impacto: cámbiala ya.'],
        ['b', 'Coger unas nuevas del armario de EPP antes de empezar', true, 'Correcto: el EPP dañado se cambia, no se repara.'],
        ['c', 'Poner cinta sobre la grieta', false, 'La cinta oculta el daño pero no devuelve la protección.'],
      ]),
      check('q-items', 'ppe-press-area', 'multiple', '¿Qué EPP es obligatorio en la zona de prensas? Elige todas las correctas.', [
        ['a', 'Gafas de seguridad', true, 'Sí: pueden saltar fragmentos cerca de la prensa.'],
        ['b', 'Protección auditiva', true, 'Sí: el ruido de la prensa supera los 85 dB.'],
        ['c', 'Calzado de seguridad', true, 'Sí: por caídas de piezas y palés.'],
        ['d', 'Mascarilla antipolvo', false, 'No es obligatoria en prensas salvo que la tarea lo indique.'],
      ]),
    ], extra),
  ];
}

function lockoutBasics(m: MediaHashes): Lesson[] {
  const target = { roles: ['maintenance-tech', 'press-operator'], skills: ['loto'], recertifyAfterDays: 365 };
  return [
    base('lockout-basics', 'en', 'Lockout basics', 'Why every person working on a machine puts on their own lock.', 4, [
      text('why', '## Why lock out?\nMachines start unexpectedly: a timer, a colleague at the panel, stored pressure. **Lockout/tagout (LOTO)** keeps a machine at zero energy while someone works on it.'),
      { kind: 'image', id: 'steps', media: m('lockout-steps.svg'), alt: 'Five steps in a row: notify, stop, isolate, lock and tag, verify; below them a red padlock', caption: 'One person, one lock, one key.' },
      text('verify', '### Verify before you touch\nAfter locking, press the start button to **try** the machine. Nothing may move. Bleed air and hydraulic pressure, block anything that can fall.'),
      check('q-who', 'loto-own-lock', 'single', 'Three people will work inside the same machine. How many locks go on the isolator?', [
        ['a', 'One, from the person in charge', false, 'Each person must control their own safety with their own lock.'],
        ['b', 'Three: one per person', true, 'Right: use a multi-lock hasp so everyone puts on their own lock.'],
        ['c', 'None if the machine is switched off', false, 'Switched off is not locked out: someone can switch it back on.'],
      ]),
      check('q-energy', 'loto-energy-sources', 'multiple', 'Which energy sources must be isolated or released? Choose all that apply.', [
        ['a', 'Electrical power', true, 'Yes.'],
        ['b', 'Compressed air', true, 'Yes: bleed it after isolating.'],
        ['c', 'Hydraulic pressure', true, 'Yes: stored pressure can move a ram.'],
        ['d', 'Gravity on a raised part', true, 'Yes: block or lower it.'],
      ], 'Any energy that can move a part counts, including stored and gravitational energy.'),
      text('done', 'Only the person who put a lock on may remove it. **Never** remove someone else’s lock.'),
    ], target),
    // Press line 4 requires this lesson, so the Spanish-speaking press operators get it in Spanish.
    base('lockout-basics', 'es', 'Bloqueo y etiquetado básico', 'Por qué cada persona que trabaja en una máquina pone su propio candado.', 4, [
      text('why', '## ¿Por qué bloquear?\nLas máquinas arrancan sin avisar: un temporizador, un compañero en el panel, presión acumulada. El **bloqueo y etiquetado (LOTO)** mantiene la máquina sin energía mientras alguien trabaja en ella.'),
      { kind: 'image', id: 'steps', media: m('lockout-steps.svg'), alt: 'Cinco pasos en fila: avisar, parar, aislar, bloquear y etiquetar, verificar; debajo, un candado rojo', caption: 'Una persona, un candado, una llave.' },
      text('verify', '### Verifica antes de tocar\nDespués de bloquear, pulsa el botón de arranque para **probar** la máquina. Nada debe moverse. Purga el aire y la presión hidráulica, calza todo lo que pueda caer.'),
      check('q-who', 'loto-own-lock', 'single', 'Tres personas van a trabajar dentro de la misma máquina. ¿Cuántos candados van en el seccionador?', [
        ['a', 'Uno, el de la persona responsable', false, 'Cada persona controla su propia seguridad con su propio candado.'],
        ['b', 'Tres: uno por persona', true, 'Correcto: usa un pasador múltiple para que cada uno ponga su candado.'],
        ['c', 'Ninguno si la máquina está apagada', false, 'Apagada no es bloqueada: alguien puede volver a encenderla.'],
      ]),
      check('q-energy', 'loto-energy-sources', 'multiple', '¿Qué fuentes de energía hay que aislar o liberar? Elige todas las correctas.', [
        ['a', 'Energía eléctrica', true, 'Sí.'],
        ['b', 'Aire comprimido', true, 'Sí: púrgalo después de aislar.'],
        ['c', 'Presión hidráulica', true, 'Sí: la presión acumulada puede mover un carro.'],
        ['d', 'La gravedad sobre una pieza elevada', true, 'Sí: cálzala o bájala.'],
      ], 'Cuenta toda energía que pueda mover una pieza, también la acumulada y la de la gravedad.'),
      text('done', 'Solo quien puso un candado puede quitarlo. **Nunca** quites el candado de otra persona.'),
    ], target),
  ];
}

function spillResponse(m: MediaHashes): Lesson[] {
  return [
    base('spill-response', 'en', 'Oil and coolant spills', 'Stop, contain, report: what to do when you see a spill.', 2, [
      text('intro', '## A spill is a slip waiting to happen\nHydraulic oil and coolant make the floor slippery and can reach drains. Small spills are your job; large or unknown ones are not.'),
      { kind: 'image', id: 'kit', media: m('spill-kit.svg'), alt: 'A spill on the floor next to a drum, surrounded by an orange absorbent sock, with the steps stop, contain, report' },
      text('steps', '### Stop, contain, report\n1. **Stop** the source if it is safe (close the valve, set the drum upright).\n2. **Contain** with the absorbent sock from the yellow spill kit, then cover with pads.\n3. **Report** it to your supervisor, even when it is cleaned up.'),
      check('q-first', 'spill-first-step', 'single', 'Coolant is leaking from a hose onto the floor. What comes first?', [
        ['a', 'Fetch a mop', false, 'A mop spreads the liquid. Stop the source first.'],
        ['b', 'Stop the source if it is safe to do so', true, 'Right: stop, then contain, then report.'],
        ['c', 'Put up a sign and carry on', false, 'A sign warns, but the spill keeps growing.'],
      ]),
      check('q-report', 'spill-when-to-call', 'multiple', 'When do you call your supervisor instead of cleaning up yourself? Choose all that apply.', [
        ['a', 'You do not know what the liquid is', true, 'Yes: unknown chemicals need the safety data sheet first.'],
        ['b', 'The spill is reaching a floor drain', true, 'Yes: this may need the environmental response team.'],
        ['c', 'It is a small oil drip you can contain with one pad', false, 'You can handle that yourself, then report it.'],
      ]),
    ], { stations: ['assembly-2', 'press-line-4'], roles: ['material-handler'], skills: ['spill-response'] }),
  ];
}

function handHygiene(m: MediaHashes): Lesson[] {
  return [
    base('hand-hygiene', 'en', 'Hand hygiene on the floor', 'Twenty seconds that keep chemicals and germs off your food.', 1, [
      text('intro', '## Clean hands, every break\nCutting oils and coolants irritate skin, and whatever is on your hands ends up on your sandwich.'),
      { kind: 'image', id: 'steps', media: m('handwash.svg'), alt: 'Five hand washing steps: wet, soap, scrub 20 seconds, rinse, dry' },
      check('q-time', 'hygiene-scrub-time', 'single', 'How long should you scrub with soap?', [
        ['a', 'About 5 seconds', false, 'Too short to remove oils.'],
        ['b', 'At least 20 seconds', true, 'Right: about the time it takes to hum "Happy Birthday" twice.'],
        ['c', 'Only until the foam appears', false, 'Foam appears quickly; keep scrubbing for 20 seconds.'],
      ]),
      check('q-when', 'hygiene-when', 'multiple', 'When do you wash your hands? Choose all that apply.', [
        ['a', 'Before eating or drinking', true, 'Yes.'],
        ['b', 'After handling chemicals or oily parts', true, 'Yes.'],
        ['c', 'Only at the end of the shift', false, 'Too late: wash before every break too.'],
      ]),
    ], { skills: ['hygiene'] }),
  ];
}

/** The five demo lessons (with Spanish variants of three), built around the demo media hashes. */
export function demoLessons(m: MediaHashes): Lesson[] {
  return [...pressPinchPoints(m), ...ppeCheck(m), ...lockoutBasics(m), ...spillResponse(m), ...handHygiene(m)];
}
