// The check-in machine with its placeholder actors and default delays, built once on import: for the tests, benches
// and scripts that give it their actors with machine.provide(). The daemon builds its own with checkinMachineWith(),
// so that a start builds the machine once (issue 14).
import { checkinMachineWith } from './machine';

export const checkinMachine = checkinMachineWith();
