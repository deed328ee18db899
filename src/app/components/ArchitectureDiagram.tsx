import type { SubTransformerConfig } from '../../core/config';
import { attendedEncoderLayers } from '../chart-points';
import type { ChartColors } from '../theme';

// Compact enough to stay legible in the inspector's column beside the chart (about 300 px at a 1280 px window).
const ROW = 30;
const TOP = 36;
const WIDTH = 370;
const ENC_RIGHT = 160;
const DEC_LEFT = 210;
const MIN_BOX = 100;
const MAX_BOX = 156;

/** Box width grows with the layer's FFN dim, so wide and narrow layers read apart at a glance. */
const boxWidth = (ffn: number, maxFfn: number): number => MIN_BOX + (MAX_BOX - MIN_BOX) * Math.min(1, ffn / maxFfn);

/**
 * Per-layer drawing of a SubTransformer: encoder layers on the left, decoder layers on the right (first layer on
 * top), each labelled with its FFN dim and heads; a line joins each decoder layer to every encoder layer its
 * arbitrary encoder-decoder attention reads.
 */
export function ArchitectureDiagram({ config, colors }: { config: SubTransformerConfig; colors: ChartColors }) {
  const { encoder: e, decoder: d } = config;
  const maxFfn = Math.max(...e.ffnEmbedDims, ...d.ffnEmbedDims, 3072);
  const rows = Math.max(e.layerNum, d.layerNum);
  const height = TOP + rows * ROW + 12;
  const y = (layer: number): number => TOP + layer * ROW + ROW / 2;
  const links = Array.from({ length: d.layerNum }, (_, i) => attendedEncoderLayers(config, i).map((j) => [j, i]));
  return (
    <svg
      className="architecture"
      data-testid="architecture"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={`Encoder: ${e.layerNum} layers of width ${e.embedDim}. Decoder: ${d.layerNum} layers of width ${d.embedDim}.`}
      style={{ maxWidth: WIDTH, fontFamily: 'system-ui, sans-serif' }}
    >
      <text x={ENC_RIGHT} y={18} textAnchor="end" fill={colors.text} fontSize={13} fontWeight={600}>
        Encoder · {e.embedDim}
      </text>
      <text x={DEC_LEFT} y={18} fill={colors.text} fontSize={13} fontWeight={600}>
        Decoder · {d.embedDim}
      </text>
      <g data-testid="attention-links">
        {links.flat().map(([j, i]) => (
          <line
            key={`${j}-${i}`}
            x1={ENC_RIGHT}
            y1={y(j!)}
            x2={DEC_LEFT}
            y2={y(i!)}
            stroke={colors.front}
            strokeOpacity={0.55}
            strokeWidth={1.4}
            data-link={`e${j}-d${i}`}
          />
        ))}
      </g>
      {e.ffnEmbedDims.map((ffn, j) => {
        const w = boxWidth(ffn, maxFfn);
        return (
          <g key={`e${j}`} data-testid="encoder-layer">
            <rect
              x={ENC_RIGHT - w}
              y={y(j) - ROW / 2 + 3}
              width={w}
              height={ROW - 6}
              rx={5}
              fill={colors.surface}
              stroke={colors.muted}
            />
            <text x={ENC_RIGHT - 8} y={y(j) + 4} textAnchor="end" fill={colors.text} fontSize={12}>
              E{j + 1} · {ffn} · {e.selfAttentionHeads[j]}h
            </text>
          </g>
        );
      })}
      {d.ffnEmbedDims.map((ffn, i) => {
        const w = boxWidth(ffn, maxFfn);
        return (
          <g key={`d${i}`} data-testid="decoder-layer">
            <rect
              x={DEC_LEFT}
              y={y(i) - ROW / 2 + 3}
              width={w}
              height={ROW - 6}
              rx={5}
              fill={colors.surface}
              stroke={colors.muted}
            />
            <text x={DEC_LEFT + 8} y={y(i) + 4} fill={colors.text} fontSize={12}>
              D{i + 1} · {ffn} · {d.selfAttentionHeads[i]}/{d.endeAttentionHeads[i]}h
            </text>
          </g>
        );
      })}
    </svg>
  );
}
