// Name material for demo data: given names and surnames common in Spain and
// Latin America, and the kinds of organizations that sell tickets and run
// campaigns on the platform.

// prettier-ignore
export const GIVEN_NAMES_FEMALE = [
  'María', 'Ana', 'Lucía', 'Sofía', 'Valentina', 'Camila', 'Isabella', 'Mariana', 'Daniela',
  'Gabriela', 'Paula', 'Laura', 'Andrea', 'Carolina', 'Natalia', 'Alejandra', 'Juliana', 'Sara',
  'Valeria', 'Fernanda', 'Catalina', 'Luisa', 'Carmen', 'Rosa', 'Patricia', 'Claudia', 'Diana',
  'Marta', 'Elena', 'Beatriz', 'Ximena', 'Renata', 'Antonella', 'Martina', 'Jimena', 'Paola',
  'Verónica', 'Adriana', 'Mónica', 'Lorena', 'Silvia', 'Inés', 'Pilar', 'Noelia', 'Gloria',
  'Teresa', 'Angélica', 'Manuela', 'Salomé', 'Emilia',
] as const;

// prettier-ignore
export const GIVEN_NAMES_MALE = [
  'José', 'Juan', 'Carlos', 'Luis', 'Andrés', 'Santiago', 'Sebastián', 'Mateo', 'Nicolás',
  'Alejandro', 'Daniel', 'David', 'Diego', 'Felipe', 'Gabriel', 'Javier', 'Jorge', 'Manuel',
  'Miguel', 'Pablo', 'Pedro', 'Ricardo', 'Roberto', 'Samuel', 'Tomás', 'Emiliano', 'Joaquín',
  'Martín', 'Camilo', 'Esteban', 'Fernando', 'Francisco', 'Gustavo', 'Hernán', 'Iván', 'Julián',
  'Leonardo', 'Mauricio', 'Óscar', 'Rafael', 'Sergio', 'Álvaro', 'Rodrigo', 'Eduardo', 'Héctor',
  'Raúl', 'Cristian', 'Jhon', 'Agustín', 'Benjamín',
] as const;

// prettier-ignore
export const SURNAMES = [
  'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez',
  'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez',
  'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil',
  'Ramírez', 'Serrano', 'Blanco', 'Molina', 'Morales', 'Suárez', 'Ortega', 'Delgado', 'Castro',
  'Ortiz', 'Rubio', 'Marín', 'Sanz', 'Núñez', 'Iglesias', 'Medina', 'Garrido', 'Cortés',
  'Castillo', 'Santos', 'Lozano', 'Guerrero', 'Cano', 'Prieto', 'Méndez', 'Cruz', 'Herrera',
  'Peña', 'Flores', 'Cabrera', 'Campos', 'Vega', 'Fuentes', 'Carrasco', 'Reyes', 'Aguilar',
  'Vargas', 'Rojas', 'Mendoza', 'Salazar', 'Restrepo', 'Cárdenas', 'Ospina', 'Quintero',
  'Valencia', 'Zapata', 'Arango', 'Londoño', 'Mejía', 'Giraldo', 'Osorio', 'Bermúdez', 'Pineda',
  'Acosta', 'Benítez', 'Sosa', 'Rivera', 'Silva', 'Rincón', 'Paredes', 'Cifuentes', 'Echeverri',
  'Villa', 'Montoya', 'Duque', 'Escobar', 'Figueroa', 'Ibarra', 'Quispe', 'Mamani', 'Chávez',
] as const;

// prettier-ignore
export const ORGANIZATION_KINDS = [
  'Teatro', 'Fundación', 'Festival', 'Club Deportivo', 'Corporación Cultural', 'Auditorio',
  'Orquesta Filarmónica', 'Museo', 'Asociación', 'Centro Cultural', 'Casa de la Cultura',
  'Colectivo', 'Feria', 'Academia de Danza', 'Coro', 'Cinemateca', 'Parque Temático',
  'Escuela de Música', 'Liga', 'Red Solidaria',
] as const;

// prettier-ignore
export const ORGANIZATION_NAMES = [
  'Colón', 'La Candelaria', 'Libertador', 'Los Andes', 'El Dorado', 'Sol de Oriente', 'Mar Caribe',
  'Río Magdalena', 'San Telmo', 'Alameda', 'La Esperanza', 'Nueva Granada', 'Macondo',
  'Pacífico', 'Sierra Nevada', 'Altiplano', 'Patagonia', 'Los Cerezos', 'Buen Vivir', 'Aurora',
  'Horizonte', 'Primavera', 'Del Valle', 'Las Palmas', 'Tierra Viva', 'Cordillera', 'Amazonía',
  'Bicentenario', 'Santa Fe', 'Manantial',
] as const;

// prettier-ignore
export const CITIES = [
  'Bogotá', 'Medellín', 'Cali', 'Barranquilla', 'Cartagena', 'Bucaramanga', 'Pereira',
  'Manizales', 'Ciudad de México', 'Guadalajara', 'Monterrey', 'Puebla', 'Buenos Aires',
  'Córdoba', 'Rosario', 'Mendoza', 'Lima', 'Arequipa', 'Cusco', 'Santiago', 'Valparaíso',
  'Quito', 'Guayaquil', 'Cuenca', 'Montevideo', 'Asunción', 'La Paz', 'Santa Cruz',
  'San José', 'Panamá', 'Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Bilbao',
] as const;

// prettier-ignore
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;
