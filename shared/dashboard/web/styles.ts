/// <reference lib="dom" />
import { OTHER } from '../aggregate';

/**
 * How a series looks: a colour from Okabe and Ito's palette, which stays distinguishable with
 * the common colour-vision deficiencies, plus a fill pattern, so no band is told apart by
 * colour alone. Legends and tables name every series in words as well.
 * https://jfly.uni-koeln.de/color/
 */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;
const OTHER_COLOUR = '#999999';
const COMPLAINT_COLOUR = '#222222';

type Mark = 'none' | 'diagonal' | 'dots' | 'horizontal' | 'cross' | 'vertical' | 'backslash' | 'grid';
const MARKS: readonly Mark[] = ['none', 'diagonal', 'dots', 'horizontal', 'cross', 'vertical', 'backslash'];

const TILE = 10;

function drawMark(context: CanvasRenderingContext2D, mark: Mark): void {
  context.strokeStyle = 'rgba(255,255,255,0.85)';
  context.fillStyle = 'rgba(255,255,255,0.85)';
  context.lineWidth = 2;
  const line = (x1: number, y1: number, x2: number, y2: number) => {
    context.beginPath();
    context.moveTo(x1, y1);
    context.lineTo(x2, y2);
    context.stroke();
  };
  switch (mark) {
    case 'diagonal':
      line(0, TILE, TILE, 0);
      line(-2, 2, 2, -2);
      line(TILE - 2, TILE + 2, TILE + 2, TILE - 2);
      break;
    case 'backslash':
      line(0, 0, TILE, TILE);
      line(-2, TILE - 2, 2, TILE + 2);
      line(TILE - 2, -2, TILE + 2, 2);
      break;
    case 'dots':
      context.beginPath();
      context.arc(TILE / 2, TILE / 2, 2, 0, 2 * Math.PI);
      context.fill();
      break;
    case 'horizontal':
      line(0, TILE / 2, TILE, TILE / 2);
      break;
    case 'vertical':
      line(TILE / 2, 0, TILE / 2, TILE);
      break;
    case 'cross':
      line(0, 0, TILE, TILE);
      line(0, TILE, TILE, 0);
      break;
    case 'grid':
      line(0, TILE / 2, TILE, TILE / 2);
      line(TILE / 2, 0, TILE / 2, TILE);
      break;
    case 'none':
      break;
  }
}

const patterns = new Map<string, CanvasPattern | string>();

function fill(colour: string, mark: Mark): CanvasPattern | string {
  const key = `${colour}/${mark}`;
  const known = patterns.get(key);
  if (known) return known;
  const tile = document.createElement('canvas');
  tile.width = TILE;
  tile.height = TILE;
  const context = tile.getContext('2d');
  if (!context) return colour;
  context.fillStyle = colour;
  context.fillRect(0, 0, TILE, TILE);
  drawMark(context, mark);
  const pattern = context.createPattern(tile, 'repeat') ?? colour;
  patterns.set(key, pattern);
  return pattern;
}

export interface SeriesStyle {
  /** What bars are filled with: a colour and a pattern. */
  fill: CanvasPattern | string;
  /** The plain colour, for borders and lines. */
  colour: string;
}

/** The complaint reason's events in breakdowns; complaints are a line in the timeline. */
export const COMPLAINT_KEY = 'feedback';

/**
 * The style of every series, fixed by the order of `keys` (the timeline's reasons, most
 * frequent first), so one reason looks the same in every chart of the page.
 */
export function styleFor(keys: readonly string[], key: string): SeriesStyle {
  if (key === COMPLAINT_KEY) return { fill: fill(COMPLAINT_COLOUR, 'cross'), colour: COMPLAINT_COLOUR };
  const index = keys.filter((k) => k !== OTHER).indexOf(key);
  if (index < 0 || index >= PALETTE.length) return { fill: fill(OTHER_COLOUR, 'grid'), colour: OTHER_COLOUR };
  const colour = PALETTE[index] as string;
  return { fill: fill(colour, MARKS[index] as Mark), colour };
}

export const COMPLAINT_LINE = COMPLAINT_COLOUR;
