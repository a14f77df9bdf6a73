// Every word the visitor reads or hears, per language. Error copy says what happened and what to do,
// without codes or blame. A host language without a table falls back to English words.

export interface KioskWords {
  welcome: string;
  touchToStart: string;
  chooseLanguage: string;
  scanTitle: string;
  scanHint: string;
  scanHelp: string;
  typeCode: string;
  typeCodeTitle: string;
  typeCodeHint: string;
  submit: string;
  walkIn: string;
  walkInTitle: string;
  persons: string;
  personsHint: string;
  /** Issue 18: a walk-in visitor may ask to be called first. */
  priorityTitle: string;
  priorityHint: string;
  priorityNone: string;
  priorities: Record<'elderly' | 'disabled' | 'pregnant' | 'children', string>;
  more: string;
  fewer: string;
  back: string;
  cancel: string;
  continue: string;
  confirm: string;
  confirmAndPay: string;
  confirmFree: string;
  /** The summary while the card terminal did not answer its last status check: what, what to do, and the Pay button's reason. */
  terminalNotReady: string;
  terminalNotReadyTodo: string;
  terminalChecking: string;
  payUnavailable: string;
  checking: string;
  summaryTitle: string;
  appointmentAt: string;
  total: string;
  free: string;
  /** A visit of several services (issue 18 item 8): adding and removing one on the summary, and how it runs. */
  addServiceTitle: string;
  addService: string;
  removeService: string;
  routeNote: string;
  serviceNotAdded: string;
  printerCheck: string;
  preparingPayment: string;
  payTitle: string;
  prompts: Record<string, string>;
  waitingForTerminal: string;
  secondsLeft: string;
  cancelling: string;
  /** Concert E+ terminals: the kiosk cannot cancel, the visitor presses the terminal's red key. */
  cancelOnTerminal: string;
  declinedTitle: string;
  tryAnotherCard: string;
  printing: string;
  doneTitle: string;
  yourNumber: string;
  estimatedWait: string;
  minutes: string;
  /** On the summary, before paying: the people waiting for the service ({n}) by plural category (Intl.PluralRules), or none. */
  waitAhead: { none: string; other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
  /** On the summary, before paying: the estimated wait, {m} minutes. */
  waitAbout: string;
  /** Under a walk-in service the opening hours close now: {next} is when tickets resume. */
  serviceClosed: string;
  serviceClosedNoNext: string;
  takeTicket: string;
  /** The done screen of a free visit: no payment, so no receipt. */
  takeTicketOnly: string;
  /** Under the number of a ticket from the kiosk's offline block: the visitor must not doubt it. */
  issuedOffline: string;
  printFailedTitle: string;
  printFailedText: string;
  /** The ticket or receipt waits for the printer (issue 19, item 2): paper out, or another stop; it prints once it is back. */
  printerPaperOutTitle: string;
  printerStoppedTitle: string;
  printerWaitingTicket: string;
  printerWaitingReceipt: string;
  paymentRecorded: string;
  idleTitle: string;
  idleText: string;
  staffCalled: string;
  staffCalledText: string;
  callStaff: string;
  lockedTitle: string;
  lockedText: string;
  speech: string;
  contrast: string;
  volumeDown: string;
  notedNumber: string;
  walkInTicket: string;
  paymentNotDoneTitle: string;
  outOfServiceTitle: string;
  outOfServiceText: string;
  volumeUp: string;
  ok: string;
  retry: string;
  demoBanner: string;
  simulatedBanner: string;
  scannerFault: string;
  /** Issue 19 item 13: the step indicator on every visitor screen (its name, and each step's label). */
  stepsLabel: string;
  steps: Record<'language' | 'identify' | 'summary' | 'payment' | 'ticket', string>;
  /** The pictures of the device to use (alt text): the card terminal while paying, the QR scanner when asked to scan. */
  terminalPicture: string;
  scannerPicture: string;
  problems: Record<string, { what: string; todo: string }>;
}

const fr: KioskWords = {
  welcome: 'Bienvenue',
  touchToStart: 'Touchez l’écran pour commencer',
  chooseLanguage: 'Choisissez votre langue',
  scanTitle: 'Scannez le QR code de votre rendez-vous',
  scanHint: 'Présentez le QR code (papier ou téléphone) sous le lecteur.',
  scanHelp: 'Le QR code ne passe pas ? Tapez le code de votre rendez-vous, ou prenez un ticket sans rendez-vous.',
  typeCode: 'Taper le code',
  typeCodeTitle: 'Code du rendez-vous',
  typeCodeHint: '9 caractères, sous le QR code de votre e-mail (ex. ABC-DEF-GHJ).',
  submit: 'Valider',
  walkIn: 'Sans rendez-vous',
  walkInTitle: 'Choisissez un service',
  persons: 'Nombre de personnes',
  personsHint: 'Une personne par demande de document.',
  priorityTitle: 'Accueil prioritaire ?',
  priorityHint: 'Un agent pourra vous demander de le confirmer.',
  priorityNone: 'Non',
  priorities: { elderly: 'Personne âgée', disabled: 'Handicap', pregnant: 'Enceinte', children: 'Avec de jeunes enfants' },
  more: 'Une personne de plus',
  fewer: 'Une personne de moins',
  back: 'Retour',
  cancel: 'Annuler',
  continue: 'Continuer',
  confirm: 'Confirmer',
  confirmAndPay: 'Confirmer et payer',
  confirmFree: 'Confirmer et prendre un ticket',
  terminalNotReady: 'Le terminal de paiement ne répond pas pour le moment. Rien ne vous a été demandé ni débité.',
  terminalNotReadyTodo: 'Nous le vérifions à nouveau automatiquement : vous pouvez patienter ici, ou revenir plus tard.',
  terminalChecking: 'Vérification du terminal de paiement…',
  payUnavailable: 'Paiement indisponible : le terminal de paiement ne répond pas',
  checking: 'Vérification…',
  summaryTitle: 'Votre demande',
  appointmentAt: 'Rendez-vous à',
  total: 'Total à payer',
  free: 'Gratuit',
  addServiceTitle: 'Ajouter un service à votre visite',
  addService: 'Ajouter : {service}',
  removeService: 'Retirer : {service}',
  routeNote: 'Un seul paiement et un seul numéro : vous serez appelé pour chaque service, dans cet ordre.',
  serviceNotAdded: '« {service} » n’a pas été ajouté.',
  printerCheck: 'Préparation de votre ticket…',
  preparingPayment: 'Préparation du paiement…',
  payTitle: 'Paiement par carte',
  prompts: {
    'insert-card': 'Insérez ou présentez votre carte sur le terminal',
    'present-card': 'Présentez votre carte sur le terminal',
    'enter-pin': 'Tapez votre code sur le terminal',
    processing: 'Paiement en cours, veuillez patienter',
    'remove-card': 'Retirez votre carte',
    other: 'Suivez les instructions du terminal',
  },
  waitingForTerminal: 'Suivez les instructions du terminal de paiement.',
  secondsLeft: 'secondes restantes',
  cancelling: 'Annulation en cours…',
  cancelOnTerminal: 'Pour annuler, appuyez sur la touche rouge « Annulation » du terminal de paiement.',
  declinedTitle: 'Paiement refusé',
  tryAnotherCard: 'Essayer une autre carte',
  printing: 'Impression de votre ticket…',
  doneTitle: 'Merci',
  yourNumber: 'Votre numéro',
  estimatedWait: 'Attente estimée',
  waitAhead: { none: 'Personne n’attend pour ce service', one: '{n} personne attend avant vous', other: '{n} personnes attendent avant vous' },
  waitAbout: 'Attente estimée : environ {m} min',
  serviceClosed: 'Fermé · reprend le {next}',
  serviceClosedNoNext: 'Fermé',
  minutes: 'min',
  takeTicket: 'Prenez votre ticket et votre reçu. Votre numéro s’affichera à l’écran.',
  takeTicketOnly: 'Prenez votre ticket. Votre numéro s’affichera à l’écran.',
  issuedOffline: 'Ticket délivré hors connexion : votre numéro est bien valable. Gardez votre ticket.',
  printFailedTitle: 'Votre ticket n’a pas pu être imprimé',
  printFailedText: 'Votre paiement est enregistré. Notez ou photographiez ce numéro : un agent vient vous aider.',
  printerPaperOutTitle: 'L’imprimante n’a plus de papier',
  printerStoppedTitle: 'L’imprimante est arrêtée',
  printerWaitingTicket: 'Notez ou photographiez votre numéro. Un agent est prévenu ; votre ticket s’imprimera dès que l’imprimante repartira.',
  printerWaitingReceipt: 'Votre ticket est imprimé. Un agent est prévenu ; votre reçu s’imprimera dès que l’imprimante repartira.',
  paymentRecorded: 'Votre paiement est enregistré.',
  idleTitle: 'Êtes-vous encore là ?',
  idleText: 'Touchez « Continuer » pour garder votre demande.',
  staffCalled: 'Un agent a été appelé',
  staffCalledText: 'Restez près de la borne, quelqu’un arrive.',
  callStaff: 'Appeler un agent',
  lockedTitle: 'Un instant, s’il vous plaît',
  lockedText: 'Un agent doit vérifier le dernier paiement avant de continuer. Il arrive.',
  speech: 'Lecture à voix haute',
  contrast: 'Contraste élevé',
  volumeDown: 'Baisser le volume',
  notedNumber: 'J’ai noté mon numéro',
  walkInTicket: 'Prendre un ticket sans rendez-vous',
  paymentNotDoneTitle: 'Paiement non effectué',
  outOfServiceTitle: 'Borne momentanément hors service',
  outOfServiceText: 'Veuillez patienter quelques instants ou vous adresser à l’accueil. La borne reprendra d’elle-même.',
  volumeUp: 'Monter le volume',
  ok: 'D’accord',
  retry: 'Réessayer',
  demoBanner: 'Démonstration : appareils simulés, aucun paiement réel',
  simulatedBanner: 'Appareil simulé en service',
  scannerFault: 'Le lecteur de QR code ne répond pas : tapez votre code ou prenez un ticket sans rendez-vous.',
  stepsLabel: 'Étapes de votre démarche',
  steps: { language: 'Langue', identify: 'Rendez-vous ou service', summary: 'Votre demande', payment: 'Paiement', ticket: 'Ticket' },
  terminalPicture: 'Le terminal de paiement : insérez votre carte en bas, ou posez-la sur l’écran du terminal',
  scannerPicture: 'Le lecteur de QR code : présentez le QR code à plat, sous la vitre lumineuse',
  problems: {
    'appointment-malformed': {
      what: 'Ce QR code n’est pas un rendez-vous du consulat.',
      todo: 'Scannez le QR code reçu par e-mail, ou tapez le code du rendez-vous.',
    },
    'appointment-unknown-key': { what: 'Ce QR code n’a pas pu être vérifié.', todo: 'Demandez de l’aide à l’accueil.' },
    'appointment-bad-signature': { what: 'Ce QR code n’est pas valide.', todo: 'Demandez de l’aide à l’accueil.' },
    'appointment-other-consulate': { what: 'Ce rendez-vous est pour un autre consulat.', todo: 'Vérifiez l’adresse de votre rendez-vous.' },
    'appointment-revoked': { what: 'Ce rendez-vous a été annulé.', todo: 'Prenez un nouveau rendez-vous, ou un ticket sans rendez-vous.' },
    'appointment-unknown-service': { what: 'Ce service n’est pas proposé ici.', todo: 'Demandez de l’aide à l’accueil.' },
    'appointment-too-early': { what: 'Il est trop tôt pour ce rendez-vous.', todo: 'Revenez à partir de {opensAt}.' },
    'appointment-too-late': { what: 'L’heure de ce rendez-vous est passée.', todo: 'Prenez un ticket sans rendez-vous ou un nouveau rendez-vous.' },
    'appointment-already-used': { what: 'Ce rendez-vous a déjà été enregistré à {usedAt}.', todo: 'Utilisez le ticket reçu, ou demandez de l’aide.' },
    'appointment-not-found': {
      what: 'Ce code ne correspond à aucun rendez-vous d’aujourd’hui.',
      todo: 'Vérifiez le code, ou prenez un ticket sans rendez-vous.',
    },
    'walk-in-day-limit': { what: 'Il n’y a plus de place sans rendez-vous aujourd’hui.', todo: 'Prenez rendez-vous en ligne.' },
    'walk-in-service-limit': { what: 'Ce service n’a plus de place sans rendez-vous aujourd’hui.', todo: 'Prenez rendez-vous en ligne.' },
    'walk-in-closed': { what: 'Les demandes sans rendez-vous sont fermées.', todo: 'Prenez rendez-vous en ligne.' },
    'walk-in-closed-day': { what: 'Le consulat est fermé aujourd’hui.', todo: 'Les tickets sans rendez-vous reprennent le {next}.' },
    'walk-in-closed-now': { what: 'Les tickets sans rendez-vous ne sont pas délivrés à cette heure-ci.', todo: 'Ils reprennent le {next}.' },
    'walk-in-last-ticket': {
      what: 'Le dernier ticket sans rendez-vous de la journée a été délivré.',
      todo: 'Revenez le {next}, ou prenez rendez-vous en ligne.',
    },
    'walk-in-wait-past-closing': {
      what: 'L’attente pour ce service dépasserait l’heure de fermeture ({closesAt}).',
      todo: 'Revenez le {next}, ou prenez rendez-vous en ligne. Rien n’a été payé.',
    },
    'fee-unavailable': { what: 'Le montant n’a pas pu être calculé.', todo: 'Demandez de l’aide à l’accueil.' },
    'printer-unavailable': {
      what: 'L’imprimante de tickets ne fonctionne pas. Aucun paiement n’a été pris.',
      todo: 'Un agent a été prévenu ; adressez-vous à l’accueil.',
    },
    'etimbre-unavailable': {
      what: 'Le timbre électronique n’a pas pu être préparé. Aucun paiement n’a été pris.',
      todo: 'Réessayez, ou adressez-vous à l’accueil.',
    },
    'payment-cancelled': { what: 'Le paiement a été annulé. Vous n’avez pas été débité.', todo: 'Vous pouvez recommencer.' },
    'payment-declined': { what: 'La carte a été refusée.', todo: 'Essayez une autre carte, ou adressez-vous à l’accueil.' },
    'payment-not-sent': { what: 'Le terminal de paiement ne répond pas. Vous n’avez pas été débité.', todo: 'Réessayez dans un instant.' },
    'payment-timeout': { what: 'Le paiement a pris trop de temps et a été annulé.', todo: 'Vous pouvez recommencer.' },
    'payment-aborted': { what: 'Le paiement a été interrompu. Vous n’avez pas été débité.', todo: 'Vous pouvez recommencer.' },
    'payment-not-taken': {
      what: 'Votre paiement n’a pas été effectué : rien n’a été débité.',
      todo: 'Vous pouvez recommencer, ou vous adresser à un guichet.',
    },
    'ticket-unavailable': { what: 'Le numéro de ticket n’a pas pu être attribué.', todo: 'Un agent a été prévenu ; adressez-vous à l’accueil.' },
    'numbers-clock': {
      what: 'Cette borne ne peut pas donner de ticket pour le moment. Aucun paiement n’a été pris.',
      todo: 'Adressez-vous à un agent à l’accueil : il a été prévenu.',
    },
    'ticket-print-failed': { what: 'Le ticket n’a pas pu être imprimé.', todo: 'Notez votre numéro ; un agent vient vous aider.' },
    'receipt-print-failed': { what: 'Le reçu n’a pas pu être imprimé.', todo: 'Un agent vous le remettra au guichet.' },
    'device-fault': { what: 'Un appareil de la borne ne fonctionne pas.', todo: 'Adressez-vous à l’accueil.' },
  },
};

const en: KioskWords = {
  welcome: 'Welcome',
  touchToStart: 'Touch the screen to start',
  chooseLanguage: 'Choose your language',
  scanTitle: 'Scan the QR code of your appointment',
  scanHint: 'Hold the QR code (paper or phone) under the reader.',
  scanHelp: 'QR code not working? Type your appointment code, or take a ticket without appointment.',
  typeCode: 'Type the code',
  typeCodeTitle: 'Appointment code',
  typeCodeHint: '9 characters, under the QR code in your e-mail (e.g. ABC-DEF-GHJ).',
  submit: 'Submit',
  walkIn: 'No appointment',
  walkInTitle: 'Choose a service',
  persons: 'Number of persons',
  personsHint: 'One person per document requested.',
  priorityTitle: 'Priority service?',
  priorityHint: 'A staff member may ask you to confirm it.',
  priorityNone: 'No',
  priorities: { elderly: 'Elderly', disabled: 'Disability', pregnant: 'Pregnant', children: 'With young children' },
  more: 'One more person',
  fewer: 'One person fewer',
  back: 'Back',
  cancel: 'Cancel',
  continue: 'Continue',
  confirm: 'Confirm',
  confirmAndPay: 'Confirm and pay',
  confirmFree: 'Confirm and take a ticket',
  terminalNotReady: 'The payment terminal is not answering right now. Nothing was asked of you or charged.',
  terminalNotReadyTodo: 'We check it again automatically: you can wait here, or come back later.',
  terminalChecking: 'Checking the payment terminal…',
  payUnavailable: 'Payment unavailable: the payment terminal is not answering',
  checking: 'Checking…',
  summaryTitle: 'Your request',
  appointmentAt: 'Appointment at',
  total: 'Total to pay',
  free: 'Free',
  addServiceTitle: 'Add a service to your visit',
  addService: 'Add: {service}',
  removeService: 'Remove: {service}',
  routeNote: 'One payment and one number: you will be called for each service, in this order.',
  serviceNotAdded: '“{service}” was not added.',
  printerCheck: 'Preparing your ticket…',
  preparingPayment: 'Preparing the payment…',
  payTitle: 'Card payment',
  prompts: {
    'insert-card': 'Insert or tap your card on the terminal',
    'present-card': 'Tap your card on the terminal',
    'enter-pin': 'Enter your PIN on the terminal',
    processing: 'Payment in progress, please wait',
    'remove-card': 'Remove your card',
    other: 'Follow the instructions on the terminal',
  },
  waitingForTerminal: 'Follow the instructions on the payment terminal.',
  secondsLeft: 'seconds left',
  cancelling: 'Cancelling…',
  cancelOnTerminal: 'To cancel, press the red Cancel key on the payment terminal.',
  declinedTitle: 'Payment declined',
  tryAnotherCard: 'Try another card',
  printing: 'Printing your ticket…',
  doneTitle: 'Thank you',
  yourNumber: 'Your number',
  estimatedWait: 'Estimated wait',
  waitAhead: { none: 'No one is waiting for this service', one: '{n} person is waiting before you', other: '{n} people are waiting before you' },
  waitAbout: 'Estimated wait: about {m} min',
  serviceClosed: 'Closed · resumes on {next}',
  serviceClosedNoNext: 'Closed',
  minutes: 'min',
  takeTicket: 'Take your ticket and receipt. Your number will be shown on the screen.',
  takeTicketOnly: 'Take your ticket. Your number will be shown on the screen.',
  issuedOffline: 'Issued offline: your number is valid. Keep your ticket.',
  printFailedTitle: 'Your ticket could not be printed',
  printFailedText: 'Your payment is recorded. Write down or photograph this number: staff are coming to help.',
  printerPaperOutTitle: 'The printer has run out of paper',
  printerStoppedTitle: 'The printer has stopped',
  printerWaitingTicket: 'Write down or photograph your number. Staff have been told; your ticket will print as soon as the printer works again.',
  printerWaitingReceipt: 'Your ticket has printed. Staff have been told; your receipt will print as soon as the printer works again.',
  paymentRecorded: 'Your payment is recorded.',
  idleTitle: 'Are you still there?',
  idleText: 'Touch “Continue” to keep your request.',
  staffCalled: 'Staff have been called',
  staffCalledText: 'Please stay near the kiosk, someone is coming.',
  callStaff: 'Call staff',
  lockedTitle: 'One moment, please',
  lockedText: 'A member of staff must check the last payment before the kiosk continues. They are coming.',
  speech: 'Read aloud',
  contrast: 'High contrast',
  volumeDown: 'Volume down',
  notedNumber: 'I have noted my number',
  walkInTicket: 'Take a ticket without appointment',
  paymentNotDoneTitle: 'Payment not completed',
  outOfServiceTitle: 'Kiosk temporarily out of service',
  outOfServiceText: 'Please wait a moment or ask at the reception desk. The kiosk will resume by itself.',
  volumeUp: 'Volume up',
  ok: 'OK',
  retry: 'Try again',
  demoBanner: 'Demo mode: simulated devices, no real payment',
  simulatedBanner: 'Simulated device in service',
  scannerFault: 'The QR reader is not responding: type your code or take a ticket without appointment.',
  stepsLabel: 'Steps of your visit',
  steps: { language: 'Language', identify: 'Appointment or service', summary: 'Your request', payment: 'Payment', ticket: 'Ticket' },
  terminalPicture: 'The card terminal: insert your card at the bottom, or hold it flat on the terminal’s screen',
  scannerPicture: 'The QR code reader: hold the QR code flat under the lit window',
  problems: {
    'appointment-malformed': { what: 'This QR code is not a consulate appointment.', todo: 'Scan the QR code from your e-mail, or type the appointment code.' },
    'appointment-unknown-key': { what: 'This QR code could not be checked.', todo: 'Please ask at the reception desk.' },
    'appointment-bad-signature': { what: 'This QR code is not valid.', todo: 'Please ask at the reception desk.' },
    'appointment-other-consulate': { what: 'This appointment is for another consulate.', todo: 'Check the address of your appointment.' },
    'appointment-revoked': { what: 'This appointment was cancelled.', todo: 'Book a new appointment, or take a ticket without appointment.' },
    'appointment-unknown-service': { what: 'This service is not offered here.', todo: 'Please ask at the reception desk.' },
    'appointment-too-early': { what: 'It is too early for this appointment.', todo: 'Please come back from {opensAt}.' },
    'appointment-too-late': { what: 'The time of this appointment has passed.', todo: 'Take a ticket without appointment, or book a new one.' },
    'appointment-already-used': { what: 'This appointment was already checked in at {usedAt}.', todo: 'Use the ticket you received, or ask for help.' },
    'appointment-not-found': { what: 'This code matches no appointment today.', todo: 'Check the code, or take a ticket without appointment.' },
    'walk-in-day-limit': { what: 'There are no more places without appointment today.', todo: 'Please book an appointment online.' },
    'walk-in-service-limit': { what: 'This service has no more places without appointment today.', todo: 'Please book an appointment online.' },
    'walk-in-closed': { what: 'Requests without appointment are closed.', todo: 'Please book an appointment online.' },
    'walk-in-closed-day': { what: 'The consulate is closed today.', todo: 'Tickets without appointment resume on {next}.' },
    'walk-in-closed-now': { what: 'Tickets without appointment are not issued at this time.', todo: 'They resume on {next}.' },
    'walk-in-last-ticket': {
      what: 'The last ticket without appointment for today has been issued.',
      todo: 'Come back on {next}, or book an appointment online.',
    },
    'walk-in-wait-past-closing': {
      what: 'The wait for this service would run past closing time ({closesAt}).',
      todo: 'Come back on {next}, or book an appointment online. Nothing has been paid.',
    },
    'fee-unavailable': { what: 'The amount could not be calculated.', todo: 'Please ask at the reception desk.' },
    'printer-unavailable': { what: 'The ticket printer is not working. No payment was taken.', todo: 'Staff have been told; please go to the reception desk.' },
    'etimbre-unavailable': { what: 'The electronic stamp could not be prepared. No payment was taken.', todo: 'Try again, or go to the reception desk.' },
    'payment-cancelled': { what: 'The payment was cancelled. You were not charged.', todo: 'You can start again.' },
    'payment-declined': { what: 'The card was declined.', todo: 'Try another card, or go to the reception desk.' },
    'payment-not-sent': { what: 'The payment terminal is not answering. You were not charged.', todo: 'Try again in a moment.' },
    'payment-timeout': { what: 'The payment took too long and was cancelled.', todo: 'You can start again.' },
    'payment-aborted': { what: 'The payment was interrupted. You were not charged.', todo: 'You can start again.' },
    'payment-not-taken': { what: 'Your payment did not go through: nothing was charged.', todo: 'You can start again, or ask at a counter.' },
    'ticket-unavailable': { what: 'A ticket number could not be given.', todo: 'Staff have been told; please go to the reception desk.' },
    'numbers-clock': {
      what: 'This kiosk cannot give tickets right now. No payment was taken.',
      todo: 'Please ask a member of staff at the reception desk: they have been told.',
    },
    'ticket-print-failed': { what: 'The ticket could not be printed.', todo: 'Note your number; staff are coming to help.' },
    'receipt-print-failed': { what: 'The receipt could not be printed.', todo: 'Staff will give it to you at the counter.' },
    'device-fault': { what: 'A device of the kiosk is not working.', todo: 'Please go to the reception desk.' },
  },
};

const es: KioskWords = {
  ...en,
  welcome: 'Bienvenido',
  touchToStart: 'Toque la pantalla para empezar',
  chooseLanguage: 'Elija su idioma',
  scanTitle: 'Escanee el código QR de su cita',
  scanHint: 'Coloque el código QR (papel o teléfono) bajo el lector.',
  scanHelp: '¿El código QR no funciona? Escriba el código de su cita o saque un turno sin cita.',
  typeCode: 'Escribir el código',
  typeCodeTitle: 'Código de la cita',
  typeCodeHint: '9 caracteres, bajo el código QR de su correo (p. ej. ABC-DEF-GHJ).',
  submit: 'Enviar',
  walkIn: 'Sin cita',
  walkInTitle: 'Elija un servicio',
  persons: 'Número de personas',
  personsHint: 'Una persona por documento solicitado.',
  priorityTitle: '¿Atención prioritaria?',
  priorityHint: 'Un agente podrá pedirle que lo confirme.',
  priorityNone: 'No',
  priorities: { elderly: 'Persona mayor', disabled: 'Discapacidad', pregnant: 'Embarazada', children: 'Con niños pequeños' },
  more: 'Una persona más',
  fewer: 'Una persona menos',
  back: 'Volver',
  cancel: 'Cancelar',
  continue: 'Continuar',
  confirm: 'Confirmar',
  confirmAndPay: 'Confirmar y pagar',
  confirmFree: 'Confirmar y sacar turno',
  terminalNotReady: 'El terminal de pago no responde en este momento. No se le ha pedido ni cobrado nada.',
  terminalNotReadyTodo: 'Lo comprobamos de nuevo automáticamente: puede esperar aquí o volver más tarde.',
  terminalChecking: 'Comprobando el terminal de pago…',
  payUnavailable: 'Pago no disponible: el terminal de pago no responde',
  checking: 'Comprobando…',
  summaryTitle: 'Su solicitud',
  appointmentAt: 'Cita a las',
  total: 'Total a pagar',
  free: 'Gratis',
  addServiceTitle: 'Añadir un servicio a su visita',
  addService: 'Añadir: {service}',
  removeService: 'Quitar: {service}',
  routeNote: 'Un solo pago y un solo número: le llamarán para cada servicio, en este orden.',
  serviceNotAdded: '«{service}» no se ha añadido.',
  printerCheck: 'Preparando su turno…',
  preparingPayment: 'Preparando el pago…',
  payTitle: 'Pago con tarjeta',
  prompts: {
    'insert-card': 'Inserte o acerque su tarjeta al terminal',
    'present-card': 'Acerque su tarjeta al terminal',
    'enter-pin': 'Marque su PIN en el terminal',
    processing: 'Pago en curso, espere por favor',
    'remove-card': 'Retire su tarjeta',
    other: 'Siga las instrucciones del terminal',
  },
  waitingForTerminal: 'Siga las instrucciones del terminal de pago.',
  secondsLeft: 'segundos',
  cancelling: 'Cancelando…',
  cancelOnTerminal: 'Para cancelar, pulse la tecla roja «Anulación» del terminal de pago.',
  declinedTitle: 'Pago rechazado',
  tryAnotherCard: 'Probar otra tarjeta',
  printing: 'Imprimiendo su turno…',
  doneTitle: 'Gracias',
  yourNumber: 'Su número',
  estimatedWait: 'Espera estimada',
  waitAhead: { none: 'Nadie espera para este servicio', one: '{n} persona espera antes que usted', other: '{n} personas esperan antes que usted' },
  waitAbout: 'Espera estimada: unos {m} min',
  serviceClosed: 'Cerrado · se reanuda el {next}',
  serviceClosedNoNext: 'Cerrado',
  takeTicket: 'Recoja su turno y su recibo. Su número aparecerá en la pantalla.',
  takeTicketOnly: 'Recoja su turno. Su número aparecerá en la pantalla.',
  issuedOffline: 'Turno emitido sin conexión: su número es válido. Conserve su turno.',
  printFailedTitle: 'No se pudo imprimir su turno',
  printFailedText: 'Su pago está registrado. Anote o fotografíe este número: un agente viene a ayudarle.',
  printerPaperOutTitle: 'La impresora se ha quedado sin papel',
  printerStoppedTitle: 'La impresora se ha detenido',
  printerWaitingTicket: 'Anote o fotografíe su número. Se ha avisado a un agente; su turno se imprimirá en cuanto la impresora vuelva a funcionar.',
  printerWaitingReceipt: 'Su turno se ha impreso. Se ha avisado a un agente; su recibo se imprimirá en cuanto la impresora vuelva a funcionar.',
  paymentRecorded: 'Su pago está registrado.',
  idleTitle: '¿Sigue ahí?',
  idleText: 'Toque «Continuar» para conservar su solicitud.',
  staffCalled: 'Se ha llamado a un agente',
  staffCalledText: 'Quédese cerca del quiosco, alguien viene.',
  callStaff: 'Llamar a un agente',
  lockedTitle: 'Un momento, por favor',
  lockedText: 'Un agente debe comprobar el último pago antes de continuar. Ya viene.',
  speech: 'Leer en voz alta',
  contrast: 'Alto contraste',
  volumeDown: 'Bajar el volumen',
  notedNumber: 'He anotado mi número',
  walkInTicket: 'Sacar un turno sin cita',
  paymentNotDoneTitle: 'Pago no realizado',
  outOfServiceTitle: 'Quiosco temporalmente fuera de servicio',
  outOfServiceText: 'Espere un momento o diríjase a la recepción. El quiosco se reanudará por sí solo.',
  volumeUp: 'Subir el volumen',
  ok: 'De acuerdo',
  retry: 'Reintentar',
  demoBanner: 'Demostración: dispositivos simulados, ningún pago real',
  simulatedBanner: 'Dispositivo simulado en servicio',
  scannerFault: 'El lector QR no responde: escriba su código o saque un turno sin cita.',
  stepsLabel: 'Pasos de su trámite',
  steps: { language: 'Idioma', identify: 'Cita o servicio', summary: 'Su solicitud', payment: 'Pago', ticket: 'Turno' },
  terminalPicture: 'El terminal de pago: inserte su tarjeta por abajo, o apóyela sobre la pantalla del terminal',
  scannerPicture: 'El lector de códigos QR: coloque el código QR plano bajo la ventana iluminada',
  problems: {
    ...en.problems,
    'walk-in-closed-day': { what: 'El consulado está cerrado hoy.', todo: 'Los turnos sin cita se reanudan el {next}.' },
    'walk-in-closed-now': { what: 'A esta hora no se entregan turnos sin cita.', todo: 'Se reanudan el {next}.' },
    'walk-in-last-ticket': { what: 'Ya se entregó el último turno sin cita del día.', todo: 'Vuelva el {next} o pida cita en línea.' },
    'walk-in-wait-past-closing': {
      what: 'La espera para este servicio pasaría de la hora de cierre ({closesAt}).',
      todo: 'Vuelva el {next} o pida cita en línea. No se ha cobrado nada.',
    },
    'payment-declined': { what: 'La tarjeta fue rechazada.', todo: 'Pruebe otra tarjeta o diríjase a la recepción.' },
    'payment-cancelled': { what: 'El pago fue cancelado. No se le ha cobrado.', todo: 'Puede empezar de nuevo.' },
    'payment-not-taken': { what: 'Su pago no se ha realizado: no se le ha cobrado nada.', todo: 'Puede empezar de nuevo, o dirigirse a una ventanilla.' },
    'printer-unavailable': { what: 'La impresora de turnos no funciona. No se ha cobrado nada.', todo: 'Se ha avisado a un agente; diríjase a la recepción.' },
    'numbers-clock': {
      what: 'Este quiosco no puede dar turnos en este momento. No se ha cobrado nada.',
      todo: 'Diríjase a un agente en la recepción: ya se le ha avisado.',
    },
    'appointment-already-used': { what: 'Esta cita ya se registró a las {usedAt}.', todo: 'Use el turno que recibió o pida ayuda.' },
    'appointment-too-early': { what: 'Es demasiado pronto para esta cita.', todo: 'Vuelva a partir de las {opensAt}.' },
    'appointment-too-late': { what: 'La hora de esta cita ya pasó.', todo: 'Saque un turno sin cita o pida una nueva cita.' },
    'appointment-bad-signature': { what: 'Este código QR no es válido.', todo: 'Pida ayuda en la recepción.' },
    'appointment-other-consulate': { what: 'Esta cita es para otro consulado.', todo: 'Compruebe la dirección de su cita.' },
  },
};

const ar: KioskWords = {
  ...en,
  welcome: 'مرحبا بكم',
  touchToStart: 'المس الشاشة للبدء',
  chooseLanguage: 'اختر لغتك',
  scanTitle: 'امسح رمز QR الخاص بموعدك',
  scanHint: 'ضع رمز QR (ورقة أو هاتف) تحت القارئ.',
  scanHelp: 'الرمز لا يعمل؟ اكتب رمز الموعد، أو خذ تذكرة بدون موعد.',
  typeCode: 'كتابة الرمز',
  typeCodeTitle: 'رمز الموعد',
  typeCodeHint: '9 أحرف، تحت رمز QR في بريدك الإلكتروني.',
  submit: 'تأكيد',
  walkIn: 'بدون موعد',
  walkInTitle: 'اختر خدمة',
  persons: 'عدد الأشخاص',
  personsHint: 'شخص واحد لكل وثيقة مطلوبة.',
  priorityTitle: 'استقبال ذو أولوية؟',
  priorityHint: 'قد يطلب منك أحد الموظفين تأكيد ذلك.',
  priorityNone: 'لا',
  priorities: { elderly: 'شخص مسن', disabled: 'إعاقة', pregnant: 'حامل', children: 'مع أطفال صغار' },
  more: 'شخص إضافي',
  fewer: 'شخص أقل',
  back: 'رجوع',
  cancel: 'إلغاء',
  continue: 'متابعة',
  confirm: 'تأكيد',
  confirmAndPay: 'تأكيد والدفع',
  confirmFree: 'تأكيد وأخذ تذكرة',
  terminalNotReady: 'جهاز الدفع لا يستجيب حاليا. لم يُطلب منك شيء ولم يُقتطع أي مبلغ.',
  terminalNotReadyTodo: 'نعيد التحقق منه تلقائيا: يمكنك الانتظار هنا أو العودة لاحقا.',
  terminalChecking: 'جار التحقق من جهاز الدفع…',
  payUnavailable: 'الدفع غير متاح: جهاز الدفع لا يستجيب',
  checking: 'جار التحقق…',
  summaryTitle: 'طلبك',
  appointmentAt: 'الموعد على الساعة',
  total: 'المبلغ الإجمالي',
  free: 'مجاني',
  addServiceTitle: 'أضيفوا خدمة إلى زيارتكم',
  addService: 'إضافة: {service}',
  removeService: 'حذف: {service}',
  routeNote: 'دفعة واحدة ورقم واحد: ستتم المناداة عليكم لكل خدمة بهذا الترتيب.',
  serviceNotAdded: 'لم تتم إضافة «{service}».',
  printerCheck: 'جار تحضير تذكرتك…',
  preparingPayment: 'جار تحضير الدفع…',
  payTitle: 'الدفع بالبطاقة',
  prompts: {
    'insert-card': 'أدخل بطاقتك أو قربها من جهاز الدفع',
    'present-card': 'قرب بطاقتك من جهاز الدفع',
    'enter-pin': 'أدخل رمزك السري على جهاز الدفع',
    processing: 'الدفع جار، يرجى الانتظار',
    'remove-card': 'اسحب بطاقتك',
    other: 'اتبع التعليمات على جهاز الدفع',
  },
  waitingForTerminal: 'اتبع التعليمات على جهاز الدفع.',
  secondsLeft: 'ثانية متبقية',
  cancelling: 'جار الإلغاء…',
  cancelOnTerminal: 'للإلغاء، اضغط على الزر الأحمر «إلغاء» في جهاز الدفع.',
  declinedTitle: 'تم رفض الدفع',
  tryAnotherCard: 'جرب بطاقة أخرى',
  printing: 'جار طباعة تذكرتك…',
  doneTitle: 'شكرا',
  yourNumber: 'رقمك',
  estimatedWait: 'مدة الانتظار المتوقعة',
  waitAhead: {
    none: 'لا أحد في الانتظار لهذه الخدمة',
    one: 'شخص واحد ينتظر قبلك',
    two: 'شخصان ينتظران قبلك',
    few: '{n} أشخاص ينتظرون قبلك',
    many: '{n} شخصًا ينتظرون قبلك',
    other: '{n} شخص ينتظرون قبلك',
  },
  waitAbout: 'مدة الانتظار المتوقعة: حوالي {m} دقيقة',
  serviceClosed: 'مغلق · يستأنف يوم {next}',
  serviceClosedNoNext: 'مغلق',
  minutes: 'دقيقة',
  takeTicket: 'خذ تذكرتك والإيصال. سيظهر رقمك على الشاشة.',
  takeTicketOnly: 'خذ تذكرتك. سيظهر رقمك على الشاشة.',
  issuedOffline: 'صدرت هذه التذكرة دون اتصال: رقمك صالح. احتفظ بتذكرتك.',
  printFailedTitle: 'تعذرت طباعة تذكرتك',
  printFailedText: 'تم تسجيل دفعك. دون هذا الرقم أو صوره: موظف قادم لمساعدتك.',
  printerPaperOutTitle: 'نفد الورق من الطابعة',
  printerStoppedTitle: 'توقفت الطابعة',
  printerWaitingTicket: 'دوّن رقمك أو صوّره. تم إبلاغ موظف؛ ستُطبع تذكرتك فور عودة الطابعة إلى العمل.',
  printerWaitingReceipt: 'تمت طباعة تذكرتك. تم إبلاغ موظف؛ سيُطبع إيصالك فور عودة الطابعة إلى العمل.',
  paymentRecorded: 'تم تسجيل دفعك.',
  idleTitle: 'هل ما زلت هنا؟',
  idleText: 'المس «متابعة» للاحتفاظ بطلبك.',
  staffCalled: 'تم استدعاء موظف',
  staffCalledText: 'ابق قرب الجهاز، أحدهم قادم.',
  callStaff: 'طلب المساعدة',
  lockedTitle: 'لحظة من فضلك',
  lockedText: 'يجب على موظف التحقق من آخر عملية دفع قبل المتابعة. إنه قادم.',
  speech: 'القراءة بصوت عال',
  contrast: 'تباين عال',
  volumeDown: 'خفض الصوت',
  notedNumber: 'دونت رقمي',
  walkInTicket: 'أخذ تذكرة بدون موعد',
  paymentNotDoneTitle: 'لم تتم عملية الدفع',
  outOfServiceTitle: 'الجهاز خارج الخدمة مؤقتا',
  outOfServiceText: 'يرجى الانتظار قليلا أو التوجه إلى الاستقبال. سيعود الجهاز إلى العمل تلقائيا.',
  volumeUp: 'رفع الصوت',
  ok: 'حسنا',
  retry: 'إعادة المحاولة',
  demoBanner: 'وضع تجريبي: أجهزة محاكاة، بدون دفع حقيقي',
  simulatedBanner: 'جهاز محاكاة قيد التشغيل',
  scannerFault: 'قارئ رمز QR لا يستجيب: اكتب رمزك أو خذ تذكرة بدون موعد.',
  stepsLabel: 'مراحل معاملتك',
  steps: { language: 'اللغة', identify: 'الموعد أو الخدمة', summary: 'طلبك', payment: 'الدفع', ticket: 'التذكرة' },
  terminalPicture: 'جهاز الدفع: أدخل بطاقتك من الأسفل، أو ضعها على شاشة الجهاز',
  scannerPicture: 'قارئ رمز QR: ضع رمز QR بشكل مسطح تحت النافذة المضيئة',
  problems: {
    ...en.problems,
    'walk-in-closed-day': { what: 'القنصلية مغلقة اليوم.', todo: 'تستأنف التذاكر بدون موعد يوم {next}.' },
    'walk-in-closed-now': { what: 'لا تُسلَّم التذاكر بدون موعد في هذا الوقت.', todo: 'تُستأنف يوم {next}.' },
    'walk-in-last-ticket': { what: 'تم تسليم آخر تذكرة بدون موعد لهذا اليوم.', todo: 'عد يوم {next}، أو احجز موعدا عبر الإنترنت.' },
    'walk-in-wait-past-closing': {
      what: 'سيتجاوز الانتظار لهذه الخدمة وقت الإغلاق ({closesAt}).',
      todo: 'عد يوم {next}، أو احجز موعدا عبر الإنترنت. لم يتم دفع أي مبلغ.',
    },
    'appointment-malformed': { what: 'هذا الرمز ليس موعدا قنصليا.', todo: 'امسح الرمز الوارد في بريدك الإلكتروني، أو اكتب رمز الموعد.' },
    'appointment-bad-signature': { what: 'هذا الرمز غير صالح.', todo: 'يرجى طلب المساعدة من الاستقبال.' },
    'appointment-unknown-key': { what: 'تعذر التحقق من هذا الرمز.', todo: 'يرجى طلب المساعدة من الاستقبال.' },
    'appointment-other-consulate': { what: 'هذا الموعد لقنصلية أخرى.', todo: 'تحقق من عنوان موعدك.' },
    'appointment-revoked': { what: 'تم إلغاء هذا الموعد.', todo: 'احجز موعدا جديدا، أو خذ تذكرة بدون موعد.' },
    'appointment-too-early': { what: 'الوقت مبكر جدا لهذا الموعد.', todo: 'عد ابتداء من {opensAt}.' },
    'appointment-too-late': { what: 'لقد فات وقت هذا الموعد.', todo: 'خذ تذكرة بدون موعد أو احجز موعدا جديدا.' },
    'appointment-already-used': { what: 'تم تسجيل هذا الموعد سابقا على الساعة {usedAt}.', todo: 'استعمل التذكرة التي حصلت عليها، أو اطلب المساعدة.' },
    'appointment-not-found': { what: 'هذا الرمز لا يطابق أي موعد اليوم.', todo: 'تحقق من الرمز، أو خذ تذكرة بدون موعد.' },
    'printer-unavailable': { what: 'طابعة التذاكر لا تعمل. لم يتم أخذ أي مبلغ.', todo: 'تم إخبار موظف؛ توجه إلى الاستقبال.' },
    'numbers-clock': { what: 'لا يمكن لهذا الجهاز إعطاء تذاكر في الوقت الحالي. لم يتم أخذ أي مبلغ.', todo: 'يرجى التوجه إلى موظف في الاستقبال: تم إخباره.' },
    'payment-cancelled': { what: 'تم إلغاء الدفع. لم يتم خصم أي مبلغ.', todo: 'يمكنك البدء من جديد.' },
    'payment-declined': { what: 'تم رفض البطاقة.', todo: 'جرب بطاقة أخرى، أو توجه إلى الاستقبال.' },
    'payment-not-sent': { what: 'جهاز الدفع لا يستجيب. لم يتم خصم أي مبلغ.', todo: 'أعد المحاولة بعد لحظة.' },
    'payment-timeout': { what: 'استغرق الدفع وقتا طويلا وتم إلغاؤه.', todo: 'يمكنك البدء من جديد.' },
    'payment-aborted': { what: 'توقف الدفع. لم يتم خصم أي مبلغ.', todo: 'يمكنك البدء من جديد.' },
    'payment-not-taken': { what: 'لم تتم عملية الدفع: لم يتم خصم أي مبلغ.', todo: 'يمكنك البدء من جديد، أو التوجه إلى أحد الشبابيك.' },
    'ticket-print-failed': { what: 'تعذرت طباعة التذكرة.', todo: 'دون رقمك؛ موظف قادم لمساعدتك.' },
    'receipt-print-failed': { what: 'تعذرت طباعة الإيصال.', todo: 'سيسلمه لك الموظف في الشباك.' },
    'walk-in-day-limit': { what: 'لم تعد هناك أماكن بدون موعد اليوم.', todo: 'يرجى حجز موعد عبر الإنترنت.' },
    'device-fault': { what: 'أحد أجهزة الكشك لا يعمل.', todo: 'يرجى التوجه إلى الاستقبال.' },
  },
};

const TABLES: Record<string, KioskWords> = { fr, en, es, ar };

export function kioskWords(lang: string): KioskWords {
  return TABLES[lang] ?? en;
}

/** The summary's line on the people waiting before the visitor, in the language's plural form. */
export function waitAheadText(w: KioskWords, lang: string, n: number): string {
  if (n === 0) return w.waitAhead.none;
  const form = w.waitAhead[new Intl.PluralRules(lang).select(n)] ?? w.waitAhead.other;
  return fill(form, { n });
}

/** Fills {name} slots from the problem's detail. */
export function fill(text: string, detail: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => String(detail[k] ?? '…'));
}
